// OpenAssistant in LLaMA-Factory's oaast_sft layout: a JSON array of {instruction, input, output,
// history: [[user, assistant], …]} — each record is the last turn of a thread, its earlier turns in
// history. The same mapping as Alpaca (instruction + "\n" + input → user, output → assistant).
import type { Conversation } from "../types";
import { instructionConversation } from "./alpaca";
import { jsonArrayRecords, recordObject } from "./records";

export function readOasst(file: string): Conversation[] {
  return jsonArrayRecords(file).map((r) => instructionConversation(recordObject(r, "an OASST record {instruction, output, history}"), r.where));
}
