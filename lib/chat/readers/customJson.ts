// nanochat's CustomJSON (nanochat-formats, tasks/customjson.py): JSONL, each line a JSON array of at
// least 2 {role, content} messages, roles strictly alternating user/assistant starting with user,
// content a string. Empty lines are skipped. No system role.
import type { Conversation, Message } from "../types";
import { describe, isObject, jsonlRecords } from "./records";

export function readCustomJson(file: string): Conversation[] {
  return jsonlRecords(file).map((r) => {
    if (!Array.isArray(r.value)) throw new Error(`${r.where}: expected a JSON array of {role, content} messages, got ${describe(r.value)}`);
    if (r.value.length < 2) throw new Error(`${r.where}: a conversation needs at least 2 messages, got ${r.value.length}`);
    const messages: Message[] = r.value.map((m: unknown, i: number) => {
      if (!isObject(m)) throw new Error(`${r.where}: message ${i} is not an object (${describe(m)})`);
      const want = i % 2 === 0 ? "user" : "assistant";
      if (m.role !== want) throw new Error(`${r.where}: message ${i} field 'role' is ${JSON.stringify(m.role)}, expected "${want}" (roles alternate user/assistant starting with user)`);
      if (typeof m.content !== "string") throw new Error(`${r.where}: message ${i} field 'content' is ${m.content === undefined ? "missing" : `not a string (${describe(m.content)})`}`);
      return { role: want, content: m.content };
    });
    return { messages, source: r.where };
  });
}
