// nanochat's chat rendering and loss mask (nanochat-reference §6, render_conversation, unchanged
// from v1 to HEAD):
//   <|bos|>                                      mask 0
//   <|user_start|> user text <|user_end|>        mask 0   (a system message is folded in: sys + "\n\n" + user)
//   <|assistant_start|>                          mask 0
//   assistant text <|assistant_end|>             mask 1   (what the model is trained to say)
// Text is encoded with encodeOrdinary: special-token text typed by a user stays plain text.
import type { Tokenizer } from "../tokenizer/tokenizer";
import { checkRoleOrder, type Conversation, type Message } from "./types";

/** nanochat render_conversation's default max_tokens. */
export const MAX_CHAT_TOKENS = 2048;

export interface Rendered {
  ids: number[];
  /** 1 = trained on (the assistant's tokens and its <|assistant_end|>) */
  mask: number[];
  /** true when the conversation was longer than maxTokens and cut */
  truncated: boolean;
}

export interface ChatSpecials {
  bos: number;
  userStart: number;
  userEnd: number;
  assistantStart: number;
  assistantEnd: number;
}

/** The chat special ids of a tokenizer; a clear error when it was trained without them. */
export function chatSpecials(tok: Tokenizer): ChatSpecials {
  const id = (name: string): number => {
    if (!tok.specials.has(name))
      throw new Error(`tokenizer '${tok.name}' has no special token ${name}: chat needs nanochat's specials (train the tokenizer with specials "nanochat")`);
    return tok.specialId(name);
  };
  return {
    bos: id("<|bos|>"),
    userStart: id("<|user_start|>"),
    userEnd: id("<|user_end|>"),
    assistantStart: id("<|assistant_start|>"),
    assistantEnd: id("<|assistant_end|>"),
  };
}

/** The system message folded into the first user message, as nanochat does. */
function foldSystem(conv: Conversation): Message[] {
  checkRoleOrder(conv);
  const m = conv.messages;
  if (m[0].role !== "system") return m;
  return [{ role: "user", content: m[0].content + "\n\n" + m[1].content }, ...m.slice(2)];
}

class Builder {
  ids: number[] = [];
  mask: number[] = [];
  add(tokens: number | number[], maskValue: 0 | 1): void {
    const t = typeof tokens === "number" ? [tokens] : tokens;
    for (const id of t) {
      this.ids.push(id);
      this.mask.push(maskValue);
    }
  }
}

/** Assistant content. A string today; nanochat's list of parts (text / python / python_output) would add cases here. */
function addAssistantContent(b: Builder, tok: Tokenizer, content: string): void {
  b.add(tok.encodeOrdinary(content), 1);
}

function renderMessages(tok: Tokenizer, messages: Message[]): Builder {
  const s = chatSpecials(tok);
  const b = new Builder();
  b.add(s.bos, 0);
  for (const msg of messages) {
    if (msg.role === "user") {
      b.add(s.userStart, 0);
      b.add(tok.encodeOrdinary(msg.content), 0);
      b.add(s.userEnd, 0);
    } else {
      b.add(s.assistantStart, 0);
      addAssistantContent(b, tok, msg.content);
      b.add(s.assistantEnd, 1);
    }
  }
  return b;
}

/** Token ids and loss mask of a conversation, cut to `maxTokens` (nanochat: 2048). */
export function renderConversation(tok: Tokenizer, conv: Conversation, maxTokens: number = MAX_CHAT_TOKENS): Rendered {
  if (!Number.isInteger(maxTokens) || maxTokens < 1) throw new Error(`renderConversation: maxTokens must be a positive integer, got ${maxTokens}`);
  const b = renderMessages(tok, foldSystem(conv));
  const truncated = b.ids.length > maxTokens;
  return { ids: truncated ? b.ids.slice(0, maxTokens) : b.ids, mask: truncated ? b.mask.slice(0, maxTokens) : b.mask, truncated };
}

/**
 * The prompt for the model's next answer: a final assistant message (if any) is dropped, the rest
 * rendered, and <|assistant_start|> appended (nanochat render_for_completion). Not truncated: the
 * caller compares the length with the model's context.
 */
export function renderForCompletion(tok: Tokenizer, conv: Conversation): number[] {
  const m = conv.messages;
  const kept = m.length > 0 && m[m.length - 1].role === "assistant" ? m.slice(0, -1) : m;
  const c: Conversation = { ...conv, messages: kept };
  const folded = foldSystem(c);
  if (folded[folded.length - 1].role !== "user") throw new Error(`${conv.source}: a prompt for completion must end with a user message`);
  const b = renderMessages(tok, folded);
  b.add(chatSpecials(tok).assistantStart, 0);
  return b.ids;
}
