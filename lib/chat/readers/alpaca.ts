// Alpaca (LLaMA-Factory's alpaca layout): a JSON array of {instruction, input?, output, system?,
// history?}. The user turn is instruction + "\n" + input (input only when non-empty), the answer is
// output; history [[user, assistant], …] comes before it and system first.
import type { Conversation, Message } from "../types";
import { describe, jsonArrayRecords, optionalString, recordObject, stringField } from "./records";

/** One instruction record as a conversation (shared with the OASST reader, which uses the same layout). */
export function instructionConversation(o: Record<string, unknown>, where: string): Conversation {
  const instruction = stringField(o, "instruction", where);
  const input = optionalString(o, "input", where) ?? "";
  const output = stringField(o, "output", where);
  const system = optionalString(o, "system", where);
  const messages: Message[] = [];
  if (system) messages.push({ role: "system", content: system });
  const history = o.history;
  if (history !== undefined && history !== null) {
    if (!Array.isArray(history)) throw new Error(`${where}: field 'history' is not an array (${describe(history)})`);
    history.forEach((turn: unknown, i: number) => {
      if (!Array.isArray(turn) || turn.length !== 2 || typeof turn[0] !== "string" || typeof turn[1] !== "string")
        throw new Error(`${where}: field 'history' item ${i} is not a [user, assistant] pair of strings`);
      messages.push({ role: "user", content: turn[0] }, { role: "assistant", content: turn[1] });
    });
  }
  messages.push({ role: "user", content: input ? instruction + "\n" + input : instruction });
  messages.push({ role: "assistant", content: output });
  return { messages, source: where };
}

export function readAlpaca(file: string): Conversation[] {
  return jsonArrayRecords(file).map((r) => instructionConversation(recordObject(r, "an Alpaca record {instruction, input, output}"), `${r.where}`));
}
