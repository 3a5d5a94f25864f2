// `nanozh parity --model DIR --expected FILE` on any inference engine: the model folder's soft-capped logits
// on the file's input.idx against its expected.logits (nanochat's own, for an imported checkpoint).
import { maxAbsDiff, PARITY_TOLERANCES, readExpectedLogits } from "./parityFixture";
import { type InferenceEngineOptions, openModelFolder } from "./open";
import { type EngineInfo, prefill } from "./inference";

export interface EngineLogitsComparison extends EngineInfo {
  model: string;
  expected: string;
  logits_max_abs_err: number;
  tolerance: number;
  ok: boolean;
}

export async function compareModelLogitsOn(modelDir: string, expectedFile: string, opts: InferenceEngineOptions = {}): Promise<EngineLogitsComparison> {
  const { engine } = await openModelFolder(modelDir, opts);
  try {
    const e = readExpectedLogits(expectedFile, engine.config.vocab_size);
    const { cache, logits } = await prefill(engine, e.idx, e.T, "all");
    cache.dispose();
    const err = maxAbsDiff(logits, e.logits);
    return { model: modelDir, expected: expectedFile, ...engine.info, logits_max_abs_err: err, tolerance: PARITY_TOLERANCES.logits, ok: err <= PARITY_TOLERANCES.logits };
  } finally {
    engine.dispose();
  }
}
