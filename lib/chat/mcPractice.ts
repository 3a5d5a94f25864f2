// Multiple-choice practice for SFT from C-EVAL / CMMLU **dev** rows only (issue 9: never val or test — the
// scores would be contaminated). Each question becomes one exchange in the format the chat-style scorer
// reads (lib/eval/prompts chatItem): the user turn is the official item — C-EVAL question + "\nA. …" … +
// "\n答案：", CMMLU "题目：" + question + options + "\n答案是：" — and the assistant answers the bare letter.
// Guarded by test/chat/mcPractice.test.ts.
import fs from "node:fs";
import path from "node:path";
import { allQuestions, loadSplit, MAPPING_FILE } from "../eval/data";
import { chatItem } from "../eval/prompts";
import type { Benchmark, MCQuestion } from "../eval/types";
import type { Conversation } from "./types";

/** Practice conversations from dev questions; throws (naming the file) on any question from another split. */
export function mcPractice(questions: MCQuestion[], source: string): Conversation[] {
  for (const q of questions) {
    if (q.split !== "dev")
      throw new Error(`${q.file}:${q.line}: ${source}: multiple-choice practice takes dev questions only; this is a ${q.split} question (${q.benchmark}/${q.subject} #${q.id}) — training on val/test would contaminate the scores`);
    if (!q.answer) throw new Error(`${q.file}:${q.line}: ${source}: dev question ${q.subject} #${q.id} has no answer`);
  }
  return questions.map((q) => ({
    messages: [
      { role: "user", content: chatItem(q) },
      { role: "assistant", content: q.answer as string },
    ],
    source: `${q.file}:${q.line}`,
  }));
}

/**
 * The mc-dev chat task: `dir` is a benchmark folder (with subject_mapping.json) or its `dev` folder; only the
 * dev split is read. A val or test folder is refused.
 */
export function readMcDev(dir: string, benchmark: Benchmark = "ceval"): Conversation[] {
  const abs = path.resolve(dir);
  const base = path.basename(abs);
  let root = abs;
  if (base === "val" || base === "test") throw new Error(`${abs}: multiple-choice practice takes the dev split only, not '${base}'`);
  if (base === "dev") root = path.dirname(abs);
  if (!fs.existsSync(path.join(root, MAPPING_FILE))) throw new Error(`${abs}: no ${MAPPING_FILE} here or in the parent folder (expected a ${benchmark} folder or its dev/ folder)`);
  return mcPractice(allQuestions(loadSplit(benchmark, root, "dev")), abs);
}
