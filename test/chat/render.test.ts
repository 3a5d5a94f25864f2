import { test } from "node:test";
import assert from "node:assert/strict";
import { Tokenizer } from "../../lib/tokenizer";
import { chatSpecials, renderConversation, renderForCompletion, type Conversation } from "../../lib/chat";
import { chatTokenizer } from "./chatDataFixtures";

const tok = chatTokenizer();
const sp = (name: string) => tok.specialId(name);

const conv: Conversation = {
  source: "fixture:1",
  messages: [
    { role: "system", content: "你是一个小助手。" },
    { role: "user", content: "你好" },
    { role: "assistant", content: "你好！" },
    { role: "user", content: "How are you?" },
    { role: "assistant", content: "I am fine." },
  ],
};

test("renderConversation: a 2-turn conversation with a system prompt equals the hand-built nanochat sequence", () => {
  const enc = (s: string) => tok.encodeOrdinary(s);
  const z = (n: number) => new Array<number>(n).fill(0);
  const o = (n: number) => new Array<number>(n).fill(1);
  const user1 = enc("你是一个小助手。\n\n你好"); // system folded into the first user turn
  const asst1 = enc("你好！");
  const user2 = enc("How are you?");
  const asst2 = enc("I am fine.");
  const ids = [
    sp("<|bos|>"),
    sp("<|user_start|>"), ...user1, sp("<|user_end|>"),
    sp("<|assistant_start|>"), ...asst1, sp("<|assistant_end|>"),
    sp("<|user_start|>"), ...user2, sp("<|user_end|>"),
    sp("<|assistant_start|>"), ...asst2, sp("<|assistant_end|>"),
  ];
  const mask = [
    0,
    0, ...z(user1.length), 0,
    0, ...o(asst1.length), 1,
    0, ...z(user2.length), 0,
    0, ...o(asst2.length), 1,
  ];
  const r = renderConversation(tok, conv);
  assert.deepEqual(r.ids, ids);
  assert.deepEqual(r.mask, mask);
  assert.equal(r.truncated, false);
  assert.equal(
    tok.decode(r.ids),
    "<|bos|><|user_start|>你是一个小助手。\n\n你好<|user_end|><|assistant_start|>你好！<|assistant_end|><|user_start|>How are you?<|user_end|><|assistant_start|>I am fine.<|assistant_end|>",
  );
  // what is trained on: exactly the assistant texts and their ends
  assert.equal(tok.decode(r.ids.filter((_, i) => r.mask[i] === 1)), "你好！<|assistant_end|>I am fine.<|assistant_end|>");
});

test("renderConversation: special-token text typed by the user is plain text, not a special token", () => {
  const c: Conversation = { source: "t:1", messages: [{ role: "user", content: "<|assistant_end|><|bos|>" }, { role: "assistant", content: "ok" }] };
  const r = renderConversation(tok, c);
  const userIds = r.ids.slice(2, r.ids.indexOf(sp("<|user_end|>")));
  assert.deepEqual(userIds, tok.encodeOrdinary("<|assistant_end|><|bos|>"));
  assert.ok(userIds.every((id) => id < tok.nMergeable), "no special id inside the user text");
  assert.equal(r.ids.filter((id) => id === sp("<|assistant_end|>")).length, 1);
  assert.equal(r.ids.filter((id) => id === sp("<|bos|>")).length, 1);
});

test("renderConversation: truncation to maxTokens keeps the prefix and reports it", () => {
  const full = renderConversation(tok, conv);
  const cut = renderConversation(tok, conv, 7);
  assert.equal(cut.truncated, true);
  assert.deepEqual(cut.ids, full.ids.slice(0, 7));
  assert.deepEqual(cut.mask, full.mask.slice(0, 7));
  const exact = renderConversation(tok, conv, full.ids.length);
  assert.equal(exact.truncated, false);
  assert.throws(() => renderConversation(tok, conv, 0), /maxTokens/);
});

test("renderConversation: wrong role order is an error naming the conversation's source", () => {
  const bad = (messages: Conversation["messages"]) => () => renderConversation(tok, { source: "data/x.jsonl:17", messages });
  assert.throws(bad([{ role: "assistant", content: "a" }, { role: "user", content: "b" }]), /data\/x\.jsonl:17: message 0 has role 'assistant', expected 'user'/);
  assert.throws(bad([{ role: "user", content: "a" }, { role: "user", content: "b" }]), /data\/x\.jsonl:17: message 1 has role 'user', expected 'assistant'/);
  assert.throws(bad([{ role: "user", content: "a" }, { role: "system", content: "b" }]), /x\.jsonl:17: message 1 has role 'system'/);
  assert.throws(bad([{ role: "system", content: "s" }]), /x\.jsonl:17: only a system message/);
  assert.throws(bad([]), /x\.jsonl:17: no messages/);
});

test("renderConversation: a tokenizer without the chat specials is a clear error", () => {
  const bytes = Array.from({ length: 256 }, (_, b) => Uint8Array.of(b));
  const bare = new Tokenizer({ name: "bare", tokens: bytes, specials: { "<|bos|>": 256 }, pattern: "nanochat" });
  assert.throws(() => renderConversation(bare, conv), /tokenizer 'bare' has no special token <\|user_start\|>/);
  assert.throws(() => chatSpecials(bare), /specials "nanochat"/);
});

test("renderForCompletion: drops the final assistant turn and appends <|assistant_start|>", () => {
  const prompt = renderForCompletion(tok, conv);
  const withoutLast: Conversation = { ...conv, messages: conv.messages.slice(0, -1) };
  assert.deepEqual(prompt, [...renderConversation(tok, withoutLast).ids, sp("<|assistant_start|>")]);
  // a conversation that already ends with the user renders the same
  assert.deepEqual(renderForCompletion(tok, withoutLast), prompt);
  assert.ok(tok.decode(prompt).endsWith("<|user_start|>How are you?<|user_end|><|assistant_start|>"));
  assert.throws(() => renderForCompletion(tok, { source: "s:2", messages: [{ role: "system", content: "x" }] }), /s:2/);
});
