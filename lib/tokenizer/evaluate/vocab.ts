// What a vocabulary holds, before any text is encoded: how many entries are partial UTF-8, how long
// entries are (bytes and characters), how many are Chinese (Han) and how many are multi-character
// Han words. Special tokens are left out: they are not learned from text.
import type { Tokenizer } from "../tokenizer";
import { charStarts, utf8Shape, type Utf8Shape } from "./utf8";

export interface VocabProfile {
  tokenizer: string;
  /** tiktoken's n_vocab (max id + 1) */
  vocabSize: number;
  mergeable: number;
  specials: number;
  /** mergeable entries that are not whole UTF-8 (head + tail + middle + invalid) */
  partial: number;
  /** partial / mergeable */
  partialShare: number;
  shapes: Record<Utf8Shape, number>;
  /** mean bytes per mergeable entry */
  avgBytes: number;
  /** mean characters per mergeable entry (characters starting in the entry, see charStarts) */
  avgChars: number;
  maxBytes: number;
  /** complete entries containing at least one Han character */
  hanTokens: number;
  /** complete entries of two or more characters, all Han (Chinese words and phrases) */
  hanWordTokens: number;
  /** hanTokens / mergeable: the share of the vocabulary that is Chinese */
  hanShare: number;
}

const HAN = /\p{Script=Han}/u;
const ALL_HAN = /^\p{Script=Han}{2,}$/u;

export function vocabProfile(tok: Tokenizer): VocabProfile {
  const tokens = tok.mergeableTokens();
  const shapes: Record<Utf8Shape, number> = { complete: 0, head: 0, tail: 0, middle: 0, invalid: 0 };
  const dec = new TextDecoder("utf-8");
  let bytes = 0;
  let chars = 0;
  let maxBytes = 0;
  let han = 0;
  let hanWords = 0;
  let holes = 0;
  for (const t of tokens) {
    if (t.length === 0) {
      holes++; // an id a special token holds (DeepSeek-V3's BOS / EOS / pad inside the vocab)
      continue;
    }
    const s = utf8Shape(t);
    shapes[s]++;
    bytes += t.length;
    chars += charStarts(t);
    if (t.length > maxBytes) maxBytes = t.length;
    if (s === "complete" && t.length >= 3) {
      const text = dec.decode(t);
      if (HAN.test(text)) {
        han++;
        if (ALL_HAN.test(text)) hanWords++;
      }
    }
  }
  const n = tokens.length - holes;
  const partial = n - shapes.complete;
  return {
    tokenizer: tok.name,
    vocabSize: tok.nVocab,
    mergeable: n,
    specials: tok.specials.size,
    partial,
    partialShare: n ? partial / n : 0,
    shapes,
    avgBytes: n ? bytes / n : 0,
    avgChars: n ? chars / n : 0,
    maxBytes,
    hanTokens: han,
    hanWordTokens: hanWords,
    hanShare: n ? han / n : 0,
  };
}

/** A token's text for display: whole UTF-8 as text, otherwise its bytes in hex (e.g. ‹e4 bd›). */
export function tokenLabel(bytes: Uint8Array): string {
  if (utf8Shape(bytes) === "complete") return JSON.stringify(new TextDecoder().decode(bytes)).slice(1, -1);
  return `‹${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(" ")}›`;
}

/** The learned tokens (ids 256 …) from `from` (negative: from the end), decoded for display. */
export function learnedTokens(tok: Tokenizer, from: number, count: number): { id: number; token: string; bytes: number; shape: Utf8Shape }[] {
  const tokens = tok.mergeableTokens();
  const first = from >= 0 ? 256 + from : Math.max(256, tokens.length + from);
  const out: { id: number; token: string; bytes: number; shape: Utf8Shape }[] = [];
  for (let id = first; id < Math.min(tokens.length, first + count); id++)
    out.push({ id, token: tokenLabel(tokens[id]), bytes: tokens[id].length, shape: utf8Shape(tokens[id]) });
  return out;
}

/** The longest complete all-Han entries (Chinese words the tokenizer learned), longest first, then by id. */
export function longestHanTokens(tok: Tokenizer, count: number): { id: number; token: string; chars: number }[] {
  const dec = new TextDecoder("utf-8");
  const out: { id: number; token: string; chars: number }[] = [];
  tok.mergeableTokens().forEach((t, id) => {
    if (t.length >= 6 && utf8Shape(t) === "complete") {
      const s = dec.decode(t);
      if (ALL_HAN.test(s)) out.push({ id, token: s, chars: [...s].length });
    }
  });
  return out.sort((a, b) => b.chars - a.chars || a.id - b.id).slice(0, count);
}
