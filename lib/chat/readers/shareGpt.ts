// ShareGPT: {"conversations": [{"from": "human"|"gpt"|"system", "value": "…"}], "system"?: "…"} per
// record, as JSONL or as one JSON array. Turns alternate human/gpt starting with human; a system
// turn may only come first. Tool-call roles (function_call, observation) are not supported.
import type { Conversation, Message, Role } from "../types";
import { roleOrderProblem } from "../types";
import { describe, isObject, jsonOrJsonlRecords, optionalString, recordObject } from "./records";

const ROLES: Record<string, Role> = { human: "user", user: "user", gpt: "assistant", assistant: "assistant", system: "system" };

export function readShareGpt(file: string): Conversation[] {
  return jsonOrJsonlRecords(file).map((r) => {
    const o = recordObject(r, 'a ShareGPT record {"conversations": [...]}');
    const turns = o.conversations;
    if (!Array.isArray(turns)) throw new Error(`${r.where}: field 'conversations' is ${turns === undefined ? "missing" : `not an array (${describe(turns)})`}`);
    const messages: Message[] = [];
    const system = optionalString(o, "system", r.where);
    if (system) messages.push({ role: "system", content: system });
    turns.forEach((t: unknown, i: number) => {
      if (!isObject(t)) throw new Error(`${r.where}: conversations[${i}] is not an object (${describe(t)})`);
      const from = t.from;
      if (typeof from !== "string" || !(from in ROLES))
        throw new Error(`${r.where}: conversations[${i}] field 'from' is ${JSON.stringify(from)}; expected human, gpt or system (tool-call turns are not supported)`);
      if (typeof t.value !== "string") throw new Error(`${r.where}: conversations[${i}] field 'value' is ${t.value === undefined ? "missing" : `not a string (${describe(t.value)})`}`);
      messages.push({ role: ROLES[from], content: t.value });
    });
    const problem = roleOrderProblem(messages);
    if (problem) throw new Error(`${r.where}: conversations: ${problem}`);
    return { messages, source: r.where };
  });
}
