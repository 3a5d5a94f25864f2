// Talking to a fine-tuned model: the conversation so far plus the new user message is rendered the way
// it was trained (nanochat render_for_completion: … <|assistant_start|>), and the reply is sampled token
// by token and streamed as text (lib/engines generateTokens with a KV cache; a UTF-8 character split across
// tokens is held back until complete). The reply ends at <|assistant_end|>, or at <|bos|> / <|user_start|>
// (a model that has not learnt to stop starts a new document or turn instead), or when the context is full.
import { generateTokens } from "../engines/generate";
import type { InferenceEngine } from "../engines/inference";
import { type GenerateOptions, type GPTConfig } from "../model";
import type { Tokenizer } from "../tokenizer/tokenizer";
import { chatSpecials, renderForCompletion } from "./render";
import type { Message } from "./types";

export type ChatOptions = Partial<Omit<GenerateOptions, "stopIds">>;

/** The prompt tokens of `history` + `user`; an error when they leave no room for a reply in the context. */
export function chatPrompt(model: { config: GPTConfig }, tok: Tokenizer, history: readonly Message[], user: string): number[] {
  const ids = renderForCompletion(tok, { messages: [...history, { role: "user", content: user }], source: "chat" });
  const ctx = model.config.sequence_len;
  if (ids.length >= ctx)
    throw new Error(
      `chat prompt is ${ids.length} tokens (${history.length} earlier messages + this one), the model's context (sequence_len) is ${ctx}: ` +
        `shorten the message or start a new conversation`,
    );
  return ids;
}

/** Why a reply ended: the model said <|assistant_end|> (it learnt to stop), started a new document or user
 *  turn instead, or ran out of tokens (max tokens or the context). */
export type ReplyEnd = "assistant_end" | "bos" | "user_start" | "length";

/**
 * The assistant's reply to `user` after `history` on an inference engine (lib/engines: ORT or tfjs), streamed
 * as text pieces; the generator's return value says why it ended. At most `maxTokens` tokens (default: what is
 * left of the context), never past sequence_len.
 */
export async function* chatReply(engine: InferenceEngine, tok: Tokenizer, history: readonly Message[], user: string, opts: ChatOptions = {}): AsyncGenerator<string, ReplyEnd, undefined> {
  const r = replySetup(engine, tok, history, user, opts);
  let end: ReplyEnd = "length";
  for await (const id of generateTokens(engine, r.ids, { ...opts, maxTokens: r.maxTokens })) {
    const stop = r.stops.get(id);
    if (stop !== undefined) {
      end = stop;
      break;
    }
    const piece = r.dec.push(id);
    if (piece) yield piece;
  }
  const rest = r.dec.flush();
  if (rest) yield rest;
  return end;
}

/** The prompt, the tokens that end a reply, the room left in the context and a streaming decoder. */
function replySetup(model: { config: GPTConfig }, tok: Tokenizer, history: readonly Message[], user: string, opts: ChatOptions) {
  const ids = chatPrompt(model, tok, history, user);
  const s = chatSpecials(tok);
  const stops = new Map<number, ReplyEnd>([
    [s.assistantEnd, "assistant_end"],
    [s.bos, "bos"],
    [s.userStart, "user_start"],
  ]);
  const room = model.config.sequence_len - ids.length;
  return { ids, stops, maxTokens: Math.min(opts.maxTokens ?? room, room), dec: tok.decoder() };
}

/** A conversation that remembers its turns: reply() streams the answer and adds both turns when it ends. */
export class ChatSession {
  readonly history: Message[] = [];
  lastEnd: ReplyEnd | undefined;
  constructor(
    readonly engine: InferenceEngine,
    readonly tok: Tokenizer,
    readonly opts: ChatOptions = {},
  ) {}

  async *reply(user: string): AsyncGenerator<string, void, undefined> {
    let text = "";
    // a different seed per turn, so two equal questions need not get the same sampled answer
    const seed = (this.opts.seed ?? 42) + this.history.length;
    const gen = chatReply(this.engine, this.tok, this.history, user, { ...this.opts, seed });
    for (let r = await gen.next(); ; r = await gen.next()) {
      if (r.done) {
        this.lastEnd = r.value;
        break;
      }
      text += r.value;
      yield r.value;
    }
    this.history.push({ role: "user", content: user }, { role: "assistant", content: text });
  }

  /** The whole reply as one string. */
  async ask(user: string): Promise<string> {
    let text = "";
    for await (const piece of this.reply(user)) text += piece;
    return text;
  }

  reset(): void {
    this.history.length = 0;
  }
}
