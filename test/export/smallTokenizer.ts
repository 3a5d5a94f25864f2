// A small tokenizer for the export tests: BPE trained on ~8 KB of the bundled corpus (data/corpus,
// always in the repository), nanochat's pattern and nine specials.
import path from "node:path";
import { listTextFiles, readDocs, trainBpe, Tokenizer } from "../../lib/tokenizer/index";
import { bundledDataDir } from "../../lib/util/paths";

let cached: Tokenizer | null = null;

/** ~8 KB of zh + en documents from data/corpus. */
export function smallCorpus(): string[] {
  const corpus = path.join(bundledDataDir(), "corpus");
  const docs: string[] = [];
  let chars = 0;
  for (const lang of ["zh", "en"]) {
    for (const f of listTextFiles(path.join(corpus, lang)).slice(0, 3)) {
      for (const d of readDocs(f)) {
        if (chars > 4000 * (lang === "zh" ? 1 : 2)) break;
        docs.push(d);
        chars += d.length;
      }
    }
  }
  return docs;
}

/** Trained once per process: vocab 600 = 256 bytes + 335 merges + 9 specials. */
export function smallTokenizer(): Tokenizer {
  if (!cached) cached = trainBpe(smallCorpus(), { vocabSize: 600, specials: "nanochat", log: () => {} }).tokenizer;
  return cached;
}
