// Prompt tokens for the scorers (lib/eval/score.ts), the shared part split out:
//   prefix   = BOS + header + shots (text styles), or the rendered chat up to the test question's user turn —
//              identical for every question of a subject, so its KV cache is computed once;
//   question = the test item (chat: <|user_start|> item <|user_end|><|assistant_start|>);
//   choices  = each letter's continuation encoded on its own ("A" or " A"; several tokens are allowed).
// Text styles: prefix ++ question is exactly BOS + tok.encodeOrdinary(promptText(p, shotsUsed)) — checked here on
// the whole string. The header and every shot end in "\n\n", and with the GPT-4-family split patterns a
// "\n\n" followed by a non-space character is a piece boundary, so the separately encoded prefix is a prefix of
// the whole; where it is not (a question starting with a newline, or the gpt2 pattern, whose "\n\n" before a
// letter splits as "\n","\n"), the tokens of the whole string are kept and the prefix is cut at the longest
// common run (`merged: true`), so the scored tokens are always those of the whole prompt.
// Fitting the context: prefix + question + the longest continuation must fit in `contextTokens`; whole shots
// are dropped, the first (oldest) first, until it does; the question is never cut. A shot count is tried when
// its separately encoded lengths fit. If even 0 shots do not fit, the 0-shot prompt is returned with
// `overContext: true`: a scorer then runs it whole, beyond the context the model was trained on (its rotary
// positions extrapolate; the answer is still a log-likelihood but from positions never trained) — results
// count such questions (`over_context`).
import { renderForCompletion } from "../chat/render";
import type { Tokenizer } from "../tokenizer/tokenizer";
import { chatConversation, type BuiltPrompt } from "./prompts";
import { LETTERS } from "./types";

export interface EncodedPrompt {
  /** BOS + header + shots (chat: the rendered turns before the test question's <|user_start|>). */
  prefix: number[];
  question: number[];
  /** Tokens of each continuation, A…D. */
  choices: number[][];
  shotsUsed: number;
  overContext: boolean;
  /** Text styles: the prefix's own encoding was not a prefix of the whole prompt's (see above). */
  merged?: boolean;
}

export const BOS_TEXT = "<|bos|>";

const caches = new WeakMap<Tokenizer, Map<string, number[]>>();
const CACHE_LIMIT = 512;

/** encodeOrdinary with a small per-tokenizer cache (prefixes repeat for every question of a subject). */
function cachedEncode(tok: Tokenizer, text: string): number[] {
  let m = caches.get(tok);
  if (!m) caches.set(tok, (m = new Map()));
  let ids = m.get(text);
  if (!ids) {
    if (m.size >= CACHE_LIMIT) m.clear();
    ids = tok.encodeOrdinary(text);
    m.set(text, ids);
  }
  return ids;
}

export function bosId(tok: Tokenizer): number {
  if (!tok.specials.has(BOS_TEXT))
    throw new Error(`tokenizer '${tok.name}' has no ${BOS_TEXT} special token: the C-EVAL/CMMLU prompts start with it as nanochat's do (use a tokenizer trained with specials "nanochat")`);
  return tok.specialId(BOS_TEXT);
}

function startsWith(a: number[], p: number[]): boolean {
  if (p.length > a.length) return false;
  for (let i = 0; i < p.length; i++) if (a[i] !== p[i]) return false;
  return true;
}

/** Prefix and question tokens of header + shots + question, the whole string's tokens kept. */
function splitText(tok: Tokenizer, bos: number, prefixText: string, question: string): { prefix: number[]; question: number[]; merged: boolean } {
  const pTok = cachedEncode(tok, prefixText);
  const whole = tok.encodeOrdinary(prefixText + question);
  if (startsWith(whole, pTok)) return { prefix: [bos, ...pTok], question: whole.slice(pTok.length), merged: false };
  let n = 0;
  while (n < pTok.length && n < whole.length && whole[n] === pTok[n]) n++;
  if (n === whole.length) n--; // keep at least one question token
  return { prefix: [bos, ...whole.slice(0, n)], question: whole.slice(n), merged: true };
}

function encodeText(tok: Tokenizer, p: BuiltPrompt, contextTokens: number, choices: number[][], maxChoice: number): EncodedPrompt {
  const bos = bosId(tok);
  const n = p.shots.length;
  const qLen = cachedEncode(tok, p.question).length;
  for (let k = n; k >= 0; k--) {
    const prefixText = p.header + p.shots.slice(n - k).join("");
    const estimate = 1 + cachedEncode(tok, prefixText).length + qLen + maxChoice;
    if (estimate > contextTokens && k > 0) continue;
    const s = splitText(tok, bos, prefixText, p.question);
    const over = s.prefix.length + s.question.length + maxChoice > contextTokens;
    if (over && k > 0) continue;
    const out: EncodedPrompt = { prefix: s.prefix, question: s.question, choices, shotsUsed: k, overContext: over };
    if (s.merged) out.merged = true;
    return out;
  }
  throw new Error("unreachable: the 0-shot prompt is always returned");
}

function encodeChat(tok: Tokenizer, p: BuiltPrompt, contextTokens: number, choices: number[][], maxChoice: number): EncodedPrompt {
  const userStart = tok.specials.get("<|user_start|>");
  for (let k = p.shots.length; k >= 0; k--) {
    const ids = renderForCompletion(tok, chatConversation(p, k)); // errors clearly when the chat specials are missing
    const over = ids.length + maxChoice > contextTokens;
    if (over && k > 0) continue;
    const cut = ids.lastIndexOf(userStart as number);
    return { prefix: ids.slice(0, cut), question: ids.slice(cut), choices, shotsUsed: k, overContext: over };
  }
  throw new Error("unreachable: the 0-shot prompt is always returned");
}

/** Tokens of a built prompt fitted to `contextTokens` (see the top of this file). */
export function encodePrompt(tok: Tokenizer, p: BuiltPrompt, contextTokens: number): EncodedPrompt {
  if (!Number.isInteger(contextTokens) || contextTokens < 2) throw new Error(`encodePrompt: contextTokens must be an integer ≥ 2, got ${contextTokens}`);
  const choices = LETTERS.map((l) => {
    const ids = cachedEncode(tok, p.continuations[l]);
    if (ids.length === 0) throw new Error(`${p.source}: continuation ${JSON.stringify(p.continuations[l])} encodes to no tokens`);
    return [...ids];
  });
  const maxChoice = Math.max(...choices.map((c) => c.length));
  return p.style === "chat" ? encodeChat(tok, p, contextTokens, choices, maxChoice) : encodeText(tok, p, contextTokens, choices, maxChoice);
}
