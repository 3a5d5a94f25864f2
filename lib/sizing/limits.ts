// Limits on what `sizeModel` accepts, so nonsense sizes are refused with the limit named instead of
// printing a model that cannot exist.
//   depth   even, 2 … MAX_DEPTH. Depth 1024 is n_embd 65,536 and ≈5·10^13 parameters, far past any
//           nanochat run (the guide stops at d32); up to it every count is an exact integer in a double.
//   vocab   at least 256 byte tokens + nanochat's 9 special tokens (reference §4), at most 2^31 − 1
//           (token ids are int32).
//   mfu     a fraction of peak: (0, 1].
import { checkDepth } from "./model";

export const MAX_DEPTH = 1024;
/** 256 byte tokens + nanochat's 9 special tokens (<|bos|> … <|output_end|>). */
export const MIN_VOCAB = 256 + 9;
export const MAX_VOCAB = 2 ** 31 - 1;

export function checkSizeLimits(s: { depth: number; vocabSize?: number; mfu?: number }): void {
  checkDepth(s.depth);
  if (s.depth > MAX_DEPTH) throw new Error(`depth must be at most ${MAX_DEPTH} (n_embd ${64 * MAX_DEPTH}), got ${s.depth}`);
  // not a positive integer at all: modelShape says so
  if (s.vocabSize !== undefined && Number.isInteger(s.vocabSize) && s.vocabSize > 0) {
    if (s.vocabSize < MIN_VOCAB) throw new Error(`vocab size must be at least ${MIN_VOCAB} (256 byte tokens + 9 special tokens), got ${s.vocabSize}`);
    if (s.vocabSize > MAX_VOCAB) throw new Error(`vocab size must be at most ${MAX_VOCAB} (token ids are int32), got ${s.vocabSize}`);
  }
  if (s.mfu !== undefined && !(s.mfu > 0 && s.mfu <= 1)) throw new Error(`MFU must be a fraction of peak in (0, 1], got ${s.mfu}`);
}
