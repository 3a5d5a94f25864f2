// Test helpers for lib/train: temp folders, a character tokenizer, tiny model configs.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export function tempDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `nanozh-train-${label}-`));
}

/** a → 1, b → 2, … (one token per character), BOS = 0: streams are easy to read in assertions. */
export const charTok = {
  encodeOrdinary(text: string): number[] {
    return [...text].map((c) => c.charCodeAt(0) - 96);
  },
};

/** The plain twin of the loader: the whole token stream (BOS + doc, epochs repeating) cut into B·T+1 pieces. */
export function referenceBatches(docs: string[], B: number, T: number, n: number): { inputs: number[]; targets: number[] }[] {
  const need = B * T + 1;
  const stream: number[] = [];
  while (stream.length < n * need) for (const d of docs) stream.push(0, ...charTok.encodeOrdinary(d));
  const out = [];
  for (let k = 0; k < n; k++) {
    const piece = stream.slice(k * need, (k + 1) * need);
    out.push({ inputs: piece.slice(0, -1), targets: piece.slice(1) });
  }
  return out;
}
