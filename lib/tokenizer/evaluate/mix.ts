// The tokenizer training text: Chinese and English documents mixed by characters (guide §3.2:
// "Chinese-first but English ability needed: 70% Chinese + 30% English"), from the training split of
// each domain (domains.ts), so the held-out split stays unseen.
import { codePointLength } from "../train";
import { domainDocuments, splitDocuments, strideSample, type EvalDomain } from "./domains";

export interface MixPart {
  domain: string;
  lang: string;
  docs: number;
  chars: number;
}

export interface TrainingMix {
  docs: string[];
  zhChars: number;
  enChars: number;
  /** zh characters ÷ all characters */
  zhShare: number;
  parts: MixPart[];
}

/** Split `budget` over sizes as evenly as possible (water-filling): a small part takes all it has, the rest share what is left. */
export function waterFill(sizes: readonly number[], budget: number): number[] {
  const out = sizes.map(() => 0);
  let left = budget;
  const order = sizes.map((s, i) => i).sort((a, b) => sizes[a] - sizes[b] || a - b);
  order.forEach((i, k) => {
    const share = left / (order.length - k);
    out[i] = Math.min(sizes[i], share);
    left -= out[i];
  });
  return out;
}

const isZh = (d: EvalDomain) => d.lang.startsWith("zh") || d.lang === "lzh";

/**
 * Documents for training: the train split of every domain, Chinese domains (zh, zh-Hant, lzh) and
 * English domains sharing their language's budget evenly; `zhShare` of `maxChars` characters
 * Chinese. When one language has too little text, the other is cut so the share still holds.
 * Each domain is a stride sample (every k-th document), so it spreads over the domain.
 */
export function trainingMix(domains: readonly EvalDomain[], baseDir: string, opts: { zhShare: number; maxChars: number }): TrainingMix {
  // undefined or NaN would slip through the arithmetic below and quietly ignore zhShare
  if (typeof opts?.zhShare !== "number" || !(opts.zhShare > 0 && opts.zhShare < 1)) throw new Error(`trainingMix: zhShare must be a number in (0, 1), got ${opts?.zhShare}`);
  if (typeof opts.maxChars !== "number" || !(opts.maxChars > 0)) throw new Error(`trainingMix: maxChars must be a positive number of characters (Infinity for all the text), got ${opts.maxChars}`);
  const loaded = domains.map((d) => {
    const docs = splitDocuments(domainDocuments(d, baseDir), "train");
    return { d, docs, chars: docs.reduce((a, s) => a + s.length, 0) };
  });
  const zh = loaded.filter((x) => isZh(x.d));
  const en = loaded.filter((x) => !isZh(x.d));
  const zhAvail = zh.reduce((a, x) => a + x.chars, 0);
  const enAvail = en.reduce((a, x) => a + x.chars, 0);
  if (zhAvail === 0 || enAvail === 0) throw new Error(`training mix needs Chinese and English text: ${zhAvail} zh and ${enAvail} en characters available`);
  let zhBudget = Math.min(opts.maxChars * opts.zhShare, zhAvail);
  let enBudget = (zhBudget * (1 - opts.zhShare)) / opts.zhShare;
  if (enBudget > enAvail) {
    enBudget = enAvail;
    zhBudget = (enBudget * opts.zhShare) / (1 - opts.zhShare);
  }
  const parts: MixPart[] = [];
  const out: string[] = [];
  for (const [group, budget] of [
    [zh, zhBudget],
    [en, enBudget],
  ] as const) {
    const shares = waterFill(
      group.map((x) => x.chars),
      budget,
    );
    group.forEach((x, i) => {
      const docs = strideSample(x.docs, Math.floor(shares[i]));
      out.push(...docs);
      parts.push({ domain: x.d.name, lang: x.d.lang, docs: docs.length, chars: docs.reduce((a, s) => a + codePointLength(s), 0) });
    });
  }
  const zhChars = parts.filter((p) => p.lang !== "en").reduce((a, p) => a + p.chars, 0);
  const enChars = parts.filter((p) => p.lang === "en").reduce((a, p) => a + p.chars, 0);
  return { docs: out, zhChars, enChars, zhShare: zhChars / (zhChars + enChars), parts };
}
