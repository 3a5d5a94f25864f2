// The inputs of the default chat data (scripts/build-default-chat.ts): which files of ../shared/data,
// where they come from (../shared/data/README.md), their licence, and the rule that picks the rows.
// Only sets whose licence lets the repository ship them are here: OpenAssistant (Apache-2.0) and
// Tatoeba (CC-BY 2.0 FR). Alpaca-derived sets and C-EVAL/CMMLU are non-commercial and never bundled.
import { convertScript } from "../../lib/zh";

export interface ChatMessage {
  role: "user" | "assistant";
  content: string;
}

export interface InputSpec {
  /** Path relative to the shared data folder. */
  file: string;
  origin: string;
  license: string;
}

export const OASST_INPUT: InputSpec = {
  file: "sft/oaast_sft_zh.json",
  origin: "OpenAssistant Conversations (oasst1), Chinese subset, as hiyouga/LLaMA-Factory @ 33a35454 `data/oaast_sft_zh.json`",
  license: "Apache-2.0 (OpenAssistant / LAION; copy in data/chat/LICENSE-Apache-2.0.txt)",
};

export const TATOEBA_INPUT: InputSpec = {
  file: "parallel/cmn_eng_tatoeba.txt",
  origin: "Tatoeba Project (tatoeba.org) sentence pairs, via manythings.org cmn-eng, as pjgao/seq2seq_keras @ 345f3ad6 `data/cmn.txt`",
  license: "CC-BY 2.0 FR — credit: Tatoeba Project and its contributors (https://tatoeba.org); https://creativecommons.org/licenses/by/2.0/fr/",
};

/** OpenAssistant: keep a conversation when all its messages together have at most this many code points. */
export const OASST_MAX_CHARS = 250;

export const OASST_RULE =
  `every conversation of the file in file order; history pairs become the earlier user/assistant turns, ` +
  `instruction (+ "\\n" + input when non-empty) the last user turn, output the last assistant turn; ` +
  `messages trimmed; kept when every message is non-empty and all messages together have at most ` +
  `${OASST_MAX_CHARS} code points (the cpu-tiny tokenizer makes about 1.1 characters per token of this text, so nearly all fit its 256-token context); ` +
  `Traditional → Simplified with lib/zh convertScript(…, "t2s"); exact duplicates dropped`;

function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function str(v: unknown, where: string): string {
  if (typeof v !== "string") throw new Error(`${where}: expected a string, got ${v === null ? "null" : typeof v}`);
  return v;
}

export interface OasstResult {
  conversations: ChatMessage[][];
  rows: number;
  tooLong: number;
  empty: number;
  duplicates: number;
  converted: number;
}

/** OpenAssistant (LLaMA-Factory oaast layout: instruction/input/output/history) → conversations, by OASST_RULE. */
export function oasstConversations(text: string, file: string, maxChars = OASST_MAX_CHARS): OasstResult {
  let rows: unknown;
  try {
    rows = JSON.parse(text);
  } catch (err) {
    throw new Error(`${file}: not JSON (${(err as Error).message})`);
  }
  if (!Array.isArray(rows)) throw new Error(`${file}: expected a JSON array of conversations`);
  const out: ChatMessage[][] = [];
  const seen = new Set<string>();
  const r: OasstResult = { conversations: out, rows: rows.length, tooLong: 0, empty: 0, duplicates: 0, converted: 0 };
  rows.forEach((row: unknown, i: number) => {
    const at = `${file}#${i}`;
    if (typeof row !== "object" || row === null) throw new Error(`${at}: expected an object`);
    const o = row as Record<string, unknown>;
    const history = o.history ?? [];
    if (!Array.isArray(history)) throw new Error(`${at}.history: expected an array of [user, assistant] pairs`);
    const msgs: ChatMessage[] = [];
    history.forEach((pair: unknown, j: number) => {
      if (!Array.isArray(pair) || pair.length !== 2) throw new Error(`${at}.history[${j}]: expected a [user, assistant] pair`);
      msgs.push({ role: "user", content: str(pair[0], `${at}.history[${j}][0]`) });
      msgs.push({ role: "assistant", content: str(pair[1], `${at}.history[${j}][1]`) });
    });
    const input = o.input === undefined ? "" : str(o.input, `${at}.input`);
    const instruction = str(o.instruction, `${at}.instruction`);
    msgs.push({ role: "user", content: input.trim() === "" ? instruction : `${instruction}\n${input}` });
    msgs.push({ role: "assistant", content: str(o.output, `${at}.output`) });
    for (const m of msgs) m.content = m.content.trim();
    if (msgs.some((m) => m.content === "")) {
      r.empty++;
      return;
    }
    if (msgs.reduce((a, m) => a + codePoints(m.content), 0) > maxChars) {
      r.tooLong++;
      return;
    }
    let changed = false;
    for (const m of msgs) {
      const s = convertScript(m.content, "t2s");
      if (s !== m.content) changed = true;
      m.content = s;
    }
    const key = JSON.stringify(msgs);
    if (seen.has(key)) {
      r.duplicates++;
      return;
    }
    seen.add(key);
    if (changed) r.converted++;
    out.push(msgs);
  });
  return r;
}

/** Tatoeba: pairs kept when English ≤ this many code points … */
export const TATOEBA_MAX_EN_CHARS = 60;
/** … and Chinese ≤ this many (after conversion to Simplified). */
export const TATOEBA_MAX_ZH_CHARS = 30;
/** How many pairs are shipped. */
export const TATOEBA_ROWS = 3000;

export const TATOEBA_RULE =
  `Chinese side converted to Simplified (lib/zh convertScript(…, "t2s")); both sides trimmed, tabs and line breaks refused; ` +
  `pairs kept when English has 1–${TATOEBA_MAX_EN_CHARS} and Chinese 1–${TATOEBA_MAX_ZH_CHARS} code points; exact duplicate ` +
  `pairs (after conversion) dropped; then ${TATOEBA_ROWS} rows evenly spaced over the remaining ones in file order ` +
  `(row floor(i·n/${TATOEBA_ROWS}) for i = 0…${TATOEBA_ROWS - 1}; the file is ordered by English length, so short and longer sentences are both present)`;

export interface TatoebaResult {
  /** "English\tChinese" lines, Chinese in Simplified. */
  pairs: string[];
  rows: number;
  eligible: number;
  tooLong: number;
  duplicates: number;
  /** Shipped pairs whose Chinese side the t2s conversion changed. */
  converted: number;
}

/** Tatoeba "English\tChinese" lines → the shipped subset, by TATOEBA_RULE. */
export function tatoebaPairs(text: string, file: string, rowsWanted = TATOEBA_ROWS): TatoebaResult {
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  const eligible: { pair: string; converted: boolean }[] = [];
  const seen = new Set<string>();
  const r: TatoebaResult = { pairs: [], rows: lines.length, eligible: 0, tooLong: 0, duplicates: 0, converted: 0 };
  lines.forEach((line, i) => {
    const cols = line.split("\t");
    if (cols.length !== 2) throw new Error(`${file}:${i + 1}: expected 2 tab-separated columns (English, Chinese), got ${cols.length}`);
    const en = cols[0].trim();
    const zh0 = cols[1].trim();
    if (/[\r\n]/.test(en + zh0)) throw new Error(`${file}:${i + 1}: carriage return inside a field`);
    const zh = convertScript(zh0, "t2s");
    const ne = codePoints(en);
    const nz = codePoints(zh);
    if (ne === 0 || nz === 0 || ne > TATOEBA_MAX_EN_CHARS || nz > TATOEBA_MAX_ZH_CHARS) {
      r.tooLong++;
      return;
    }
    const pair = `${en}\t${zh}`;
    if (seen.has(pair)) {
      r.duplicates++;
      return;
    }
    seen.add(pair);
    eligible.push({ pair, converted: zh !== zh0 });
  });
  r.eligible = eligible.length;
  if (eligible.length < rowsWanted) throw new Error(`${file}: only ${eligible.length} eligible pairs, ${rowsWanted} wanted`);
  for (let i = 0; i < rowsWanted; i++) {
    const e = eligible[Math.floor((i * eligible.length) / rowsWanted)];
    r.pairs.push(e.pair);
    if (e.converted) r.converted++;
  }
  return r;
}
