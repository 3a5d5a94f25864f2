// Prompt strings exactly as the reference code builds them (eval-reference §1–§3; every string below is
// written out there as a Python literal). Three styles:
//   official — C-EVAL answer-only (evaluator.py / llama.py) and CMMLU answer-only (src/mp_utils.py);
//              the scored continuations are the bare letters "A"…"D" (the answers in the shots are bare too).
//   lm-eval  — lm-evaluation-harness ceval-valid / cmmlu: question.strip(), "答案：", shots rendered
//              "答案： A" (target_delimiter " "), continuations " A"…" D".
//   chat     — C-EVAL chatgpt.py: a system message, the header prefixed to the first user turn, each shot a
//              user turn ending "答案：" plus an assistant turn holding the letter; CMMLU the same with its
//              own header and item ("题目：…答案是："). Scored on the bare letter after <|assistant_start|>.
// {subject} is the Chinese name (subject_mapping.json field [1]), as the C-EVAL README and tutorial say to fill
// in; C-EVAL's eval.py literally passes the English handle, which we do not copy.
// Shots are the first k dev rows (the caller passes them; firstShots checks there are enough). When a prompt
// is too long, lib/eval/encode.ts drops whole shots, the first (oldest) first: promptText(p, n) and
// chatConversation(p, n) keep the LAST n shots, the ones left after such drops.
import type { Conversation, Message } from "../chat/types";
import { LETTERS, type Benchmark, type Letter, type MCQuestion, type Subject } from "./types";

export type PromptStyle = "official" | "lm-eval" | "chat";
export const PROMPT_STYLES: readonly PromptStyle[] = ["official", "lm-eval", "chat"];

export interface BuiltPrompt {
  benchmark: Benchmark;
  style: PromptStyle;
  /** Text styles: the subject header (ends "\n\n"). Chat: the header prefixed to the first user turn. */
  header: string;
  /** Text styles: each shot's full text (ends "\n\n"). Chat: each shot's user turn (ends "答案：" / "答案是："). */
  shots: string[];
  /** Text styles: the test item (ends "答案：" / "答案是："). Chat: the test question's user turn (without header). */
  question: string;
  /** The scored continuation of each letter: "A" (official, chat) or " A" (lm-eval). */
  continuations: Record<Letter, string>;
  /** Chat: the system message. */
  system?: string;
  /** Chat: the assistant turn (the letter) after each shot. */
  shotAnswers?: string[];
  /** Chat: the whole conversation with every shot, ending in the test question's user turn. */
  chat?: Conversation;
  /** `file:line` of the test question. */
  source: string;
}

// Python's str.strip() set (str.isspace): JS trim() lacks \x1c-\x1f and \x85, and adds \ufeff.
const PY_SPACE = "\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const PY_STRIP = new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, "g");

/** Python's `s.strip()` (lm-eval's Jinja `{{question.strip()}}`). */
export function pyStrip(s: string): string {
  return s.replace(PY_STRIP, "");
}

/** C-EVAL answer-only header (official: with 考试; lm-eval's description drops 考试). */
export function cevalHeader(nameZh: string, withExam = true): string {
  return `以下是中国关于${nameZh}${withExam ? "考试" : ""}的单项选择题，请选出其中的正确答案。\n\n`;
}

/** CMMLU answer-only header (official and lm-eval). */
export function cmmluHeader(nameZh: string): string {
  return `以下是关于${nameZh}的单项选择题，请直接给出正确答案的选项。\n\n`;
}

function options(q: MCQuestion): string {
  return LETTERS.map((l, i) => `\n${l}. ${q.choices[i]}`).join("");
}

/** C-EVAL item (official and chat): question, options, "\n答案：". */
export function cevalItem(q: MCQuestion): string {
  return q.question + options(q) + "\n答案：";
}

/** CMMLU official item: "题目：" + question, options, "\n答案是：". */
export function cmmluItem(q: MCQuestion): string {
  return "题目：" + q.question + options(q) + "\n答案是：";
}

/** lm-eval item (both benchmarks): question.strip(), options, "\n答案：". */
export function lmEvalItem(q: MCQuestion): string {
  return pyStrip(q.question) + options(q) + "\n答案：";
}

/** The user turn of a question in the chat style (and in the SFT multiple-choice practice, lib/chat/mcPractice). */
export function chatItem(q: MCQuestion): string {
  return q.benchmark === "ceval" ? cevalItem(q) : cmmluItem(q);
}

/** The chat style's system message (C-EVAL chatgpt.py; CMMLU by analogy with its own header). */
export function chatSystem(b: Benchmark, nameZh: string): string {
  const header = b === "ceval" ? cevalHeader(nameZh) : cmmluHeader(nameZh);
  return "你是一个中文人工智能助手，" + header.slice(0, -2);
}

function answerOf(q: MCQuestion): Letter {
  if (!q.answer) throw new Error(`${q.file}:${q.line}: exemplar ${q.subject} #${q.id} has no answer`);
  return q.answer;
}

/** The first k dev rows of a subject as exemplars; an error when there are fewer than k. */
export function firstShots(dev: MCQuestion[] | undefined, k: number, subject: string): MCQuestion[] {
  if (k === 0) return [];
  const rows = dev ?? [];
  if (rows.length < k)
    throw new Error(`subject '${subject}': ${k}-shot needs ${k} dev exemplars, ${rows.length === 0 ? "there are none" : `there are only ${rows.length} (${rows[0].file})`}`);
  return rows.slice(0, k);
}

function letters(prefix: string): Record<Letter, string> {
  return { A: prefix + "A", B: prefix + "B", C: prefix + "C", D: prefix + "D" };
}

/** The prompt of question `q` with `shots` as exemplars (in order), in one of the three styles. */
export function buildPrompt(b: Benchmark, style: PromptStyle, subject: Subject, shots: MCQuestion[], q: MCQuestion): BuiltPrompt {
  for (const x of [...shots, q])
    if (x.benchmark !== b || x.subject !== subject.handle)
      throw new Error(`${x.file}:${x.line}: question of ${x.benchmark}/${x.subject} in a ${b}/${subject.handle} prompt`);
  const source = `${q.file}:${q.line}`;
  if (style === "official") {
    const item = b === "ceval" ? cevalItem : cmmluItem;
    return {
      benchmark: b,
      style,
      header: b === "ceval" ? cevalHeader(subject.nameZh) : cmmluHeader(subject.nameZh),
      shots: shots.map((s) => item(s) + answerOf(s) + "\n\n"),
      question: item(q),
      continuations: letters(""),
      source,
    };
  }
  if (style === "lm-eval") {
    // description + [doc_to_text(shot) + target_delimiter + letter + fewshot_delimiter]×k + doc_to_text(test)
    return {
      benchmark: b,
      style,
      header: b === "ceval" ? cevalHeader(subject.nameZh, false) : cmmluHeader(subject.nameZh),
      shots: shots.map((s) => lmEvalItem(s) + " " + answerOf(s) + "\n\n"),
      question: lmEvalItem(q),
      continuations: letters(" "),
      source,
    };
  }
  if (style === "chat") {
    const p: BuiltPrompt = {
      benchmark: b,
      style,
      header: b === "ceval" ? cevalHeader(subject.nameZh) : cmmluHeader(subject.nameZh),
      shots: shots.map(chatItem),
      shotAnswers: shots.map(answerOf),
      question: chatItem(q),
      continuations: letters(""),
      system: chatSystem(b, subject.nameZh),
      source,
    };
    p.chat = chatConversation(p, shots.length);
    return p;
  }
  throw new Error(`unknown prompt style '${String(style)}' (known: ${PROMPT_STYLES.join(", ")})`);
}

function keptFrom(p: BuiltPrompt, nShots: number): number {
  if (!Number.isInteger(nShots) || nShots < 0 || nShots > p.shots.length)
    throw new Error(`${p.source}: nShots ${nShots} is not in 0…${p.shots.length}`);
  return p.shots.length - nShots;
}

/** Chat style: the conversation with the last `nShots` shots, ending in the test question's user turn. */
export function chatConversation(p: BuiltPrompt, nShots = p.shots.length): Conversation {
  if (p.style !== "chat" || p.system === undefined || !p.shotAnswers) throw new Error(`${p.source}: not a chat-style prompt`);
  const from = keptFrom(p, nShots);
  const messages: Message[] = [{ role: "system", content: p.system }];
  for (let i = from; i < p.shots.length; i++) {
    messages.push({ role: "user", content: p.shots[i] });
    messages.push({ role: "assistant", content: p.shotAnswers[i] });
  }
  messages.push({ role: "user", content: p.question });
  messages[1] = { role: "user", content: p.header + messages[1].content }; // chatgpt.py: the header opens the first user turn
  return { messages, source: p.source };
}

/**
 * The prompt as text: header + the last `nShots` shots + the question — for the text styles exactly the
 * string the reference code feeds the model. Chat: the conversation as the model sees it, special tokens
 * written out (<|bos|><|user_start|>…<|assistant_start|>), system folded into the first user turn.
 */
export function promptText(p: BuiltPrompt, nShots = p.shots.length): string {
  if (p.style !== "chat") return p.header + p.shots.slice(keptFrom(p, nShots)).join("") + p.question;
  const conv = chatConversation(p, nShots);
  let s = "<|bos|>";
  const msgs = foldSystem(conv.messages);
  for (const m of msgs)
    s += m.role === "user" ? `<|user_start|>${m.content}<|user_end|>` : `<|assistant_start|>${m.content}<|assistant_end|>`;
  return s + "<|assistant_start|>";
}

/** nanochat's render: a leading system message is merged into the first user turn as system + "\n\n" + user. */
export function foldSystem(messages: Message[]): Message[] {
  if (messages.length === 0 || messages[0].role !== "system") return messages;
  if (messages.length < 2 || messages[1].role !== "user") throw new Error("a system message must be followed by a user message");
  return [{ role: "user", content: messages[0].content + "\n\n" + messages[1].content }, ...messages.slice(2)];
}
