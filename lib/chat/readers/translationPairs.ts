// Translation pairs ("English\tChinese" per line, Tatoeba's cmn-eng layout; further columns such as
// attribution are ignored) as one-turn conversations in either or both directions. The Chinese side
// is converted to Simplified (OpenCC t2s), as prompt and as target. The instruction wording varies
// over a few templates, chosen by line number, so it is deterministic.
import { convertScript } from "../../zh/script";
import type { Conversation } from "../types";
import { textLines } from "./records";

export type PairDirections = "both" | "zh-en" | "en-zh";

export interface PairOptions {
  /** default "both": two conversations per line (zh→en first) */
  directions?: PairDirections;
  /** read at most this many pair lines */
  limit?: number;
}

/** Chinese → English prompts. */
export const ZH_EN_TEMPLATES: readonly ((zh: string) => string)[] = [
  (zh) => `把下面的句子翻译成英文：\n${zh}`,
  (zh) => `Translate into English:\n${zh}`,
  (zh) => `请将这句话译成英语：${zh}`,
  (zh) => `“${zh}”用英语怎么说？`,
];

/** English → Chinese prompts. */
export const EN_ZH_TEMPLATES: readonly ((en: string) => string)[] = [
  (en) => `Translate into Chinese:\n${en}`,
  (en) => `把下面的英文翻译成中文：\n${en}`,
  (en) => `请把这句话翻译成简体中文：${en}`,
  (en) => `"${en}" 用中文怎么说？`,
];

export function readTranslationPairs(file: string, opts: PairOptions = {}): Conversation[] {
  const directions = opts.directions ?? "both";
  if (directions !== "both" && directions !== "zh-en" && directions !== "en-zh") throw new Error(`${file}: unknown directions '${String(directions)}' (both, zh-en, en-zh)`);
  const limit = opts.limit ?? Infinity;
  const out: Conversation[] = [];
  let pairs = 0;
  for (const { line, text } of textLines(file)) {
    if (pairs >= limit) break;
    if (!text.trim()) continue;
    const cols = text.split("\t");
    if (cols.length < 2) throw new Error(`${file}:${line}: expected "English<TAB>Chinese", found no tab`);
    const en = cols[0].trim();
    const zh = convertScript(cols[1].trim(), "t2s");
    if (!en) throw new Error(`${file}:${line}: the English column is empty`);
    if (!zh) throw new Error(`${file}:${line}: the Chinese column is empty`);
    const source = `${file}:${line}`;
    if (directions !== "en-zh") {
      const prompt = ZH_EN_TEMPLATES[line % ZH_EN_TEMPLATES.length](zh);
      out.push({ messages: [{ role: "user", content: prompt }, { role: "assistant", content: en }], source });
    }
    if (directions !== "zh-en") {
      const prompt = EN_ZH_TEMPLATES[line % EN_ZH_TEMPLATES.length](en);
      out.push({ messages: [{ role: "user", content: prompt }, { role: "assistant", content: zh }], source });
    }
    pairs++;
  }
  return out;
}
