// The one small tokenizer of the evaluation tests: BPE (vocab 600) trained on the bundled C-EVAL-format
// practice questions' dev split (data/ceval-practice, always in the repository), so their prompts encode
// into few tokens. Trained once per process (~0.1 s); shared by test/eval and test/cli/eval.
import fs from "node:fs";
import path from "node:path";
import { trainBpe, type Tokenizer } from "../../lib/tokenizer";
import { bundledDataDir } from "../../lib/util/paths";

export const PRACTICE_DIR = path.join(bundledDataDir(), "ceval-practice");

let cached: Tokenizer | undefined;

export function practiceTokenizer(): Tokenizer {
  if (!cached) {
    const dev = path.join(PRACTICE_DIR, "dev");
    const docs = fs.readdirSync(dev).map((f) => fs.readFileSync(path.join(dev, f), "utf8"));
    cached = trainBpe(docs, { vocabSize: 600, log: () => {} }).tokenizer;
  }
  return cached;
}
