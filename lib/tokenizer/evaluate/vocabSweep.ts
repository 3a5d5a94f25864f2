// Where our chars/token curve (one tokenizer trained at several vocabulary sizes on the same mix)
// meets a reference's: the vocabulary a model trained on our tokenizer would need to read Chinese as
// compactly as Qwen3 or DeepSeek-V3, and what that vocabulary costs in parameters (the token
// embedding and the untied head, nanochat v1 shapes from lib/sizing).
import { paramsForDepth } from "../../sizing/params";

export interface SweepPoint {
  vocab: number;
  charsPerToken: number;
}

export interface VocabMatch {
  /** the vocabulary at which our curve reaches the target, or null (the curve does not rise) */
  vocab: number | null;
  how: "interpolated" | "extrapolated" | "at or below the smallest" | "not reached";
}

/**
 * The vocabulary at which chars/token reaches `target`, linear in log(vocab) between the two trained
 * sizes around it; past the largest, extended along the last segment (marked "extrapolated").
 */
export function vocabForCharsPerToken(points: SweepPoint[], target: number): VocabMatch {
  const p = [...points].sort((a, b) => a.vocab - b.vocab);
  if (p.length === 0) return { vocab: null, how: "not reached" };
  if (target <= p[0].charsPerToken) return { vocab: p[0].vocab, how: "at or below the smallest" };
  const at = (a: SweepPoint, b: SweepPoint): number => {
    const t = (target - a.charsPerToken) / (b.charsPerToken - a.charsPerToken);
    return Math.exp(Math.log(a.vocab) + t * (Math.log(b.vocab) - Math.log(a.vocab)));
  };
  for (let i = 1; i < p.length; i++) if (p[i].charsPerToken >= target && p[i - 1].charsPerToken < target) return { vocab: at(p[i - 1], p[i]), how: "interpolated" };
  if (p.length < 2) return { vocab: null, how: "not reached" };
  const [a, b] = [p[p.length - 2], p[p.length - 1]];
  if (b.charsPerToken <= a.charsPerToken) return { vocab: null, how: "not reached" };
  return { vocab: at(a, b), how: "extrapolated" };
}

/**
 * A match in words for tables and sentences: "≈41,300 (interpolated)"; past the largest trained size
 * "beyond 65,536 (≈98,000 extrapolated)"; "≤16,384 (at or below the smallest trained)"; "not reached".
 */
export function describeMatch(m: VocabMatch, points: SweepPoint[]): string {
  const fmt = (v: number) => Math.round(v).toLocaleString("en-US");
  const vocabs = points.map((p) => p.vocab);
  if (m.vocab === null) return "not reached (the curve does not rise)";
  if (m.how === "interpolated") return `≈${fmt(m.vocab)} (interpolated)`;
  if (m.how === "extrapolated") return `beyond ${fmt(Math.max(...vocabs))} (≈${fmt(m.vocab)} extrapolated)`;
  return `≤${fmt(Math.min(...vocabs))} (at or below the smallest trained)`;
}

export interface VocabCost {
  depth: number;
  /** token embedding + untied head (vocabulary padded as nanochat pads it) */
  embedHead: number;
  total: number;
  share: number;
}

/** The parameters a vocabulary costs at a depth: wte + lm_head, and their share of the whole model. */
export function vocabCost(vocab: number, depth: number): VocabCost {
  const p = paramsForDepth(depth, Math.round(vocab));
  return { depth, embedHead: p.wte + p.lm_head, total: p.total, share: (p.wte + p.lm_head) / p.total };
}
