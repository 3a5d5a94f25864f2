// The guide's §5.2 quick decision tree as a function. Bands (guide §5.2):
//   budget  <$50 → d10–d16 · $50–$150 → d16–d20 · >$150 → d20–d32   ($50 and $150 fall in the middle band)
//   purpose learn → d8–d16 · prototype → d16–d20 · production → d20–d32
//   no GPU  → CPU training, d4–d6 only, for learning
//   corpus  zh → 70–80% Chinese, vocab 40k, ratio 25 · en → 100% English, vocab 65,536, ratio 20
//           mixed → 50/50, vocab 50k, ratio 22
// We take the even depths in purpose ∩ budget band (the purpose band alone when they do not overlap),
// compute each one's cost with the corpus's vocab and ratio on the given hardware, and pick the largest
// that fits. When none fits we say so and suggest the largest depth (d4–d32) that does, else CPU d4–d6.
import { lookupGpu } from "./gpus";
import { sizeModel } from "./size";
import { GUIDE_MFU, GUIDE_USD_PER_GPU_HOUR } from "./time";

export type Corpus = "zh" | "en" | "mixed";
export type Purpose = "learn" | "prototype" | "production";

export interface RecommendInput {
  budgetUsd: number;
  gpu?: string | null;
  gpus: number;
  corpus: Corpus;
  purpose: Purpose;
  mfu?: number;
  usdPerGpuHour?: number;
}

export interface CorpusPlan {
  vocab_size: number;
  ratio: number;
  /** language weights by tokens */
  mix: { zh: number; en: number };
  mix_text: string;
}

export const CORPUS_PLANS: Record<Corpus, CorpusPlan> = {
  zh: { vocab_size: 40_000, ratio: 25, mix: { zh: 0.75, en: 0.25 }, mix_text: "70–80% Chinese (0.75 used), the rest English" },
  en: { vocab_size: 65_536, ratio: 20, mix: { zh: 0, en: 1 }, mix_text: "100% English" },
  mixed: { vocab_size: 50_000, ratio: 22, mix: { zh: 0.5, en: 0.5 }, mix_text: "50/50 Chinese–English" },
};

export const PURPOSE_BANDS: Record<Purpose, [number, number]> = { learn: [8, 16], prototype: [16, 20], production: [20, 32] };

export interface Candidate {
  depth: number;
  params: number;
  hours: number;
  cost_usd: number;
  fits: boolean;
}

export interface Recommendation {
  mode: "gpu" | "cpu";
  /** canonical GPU name, null on CPU */
  gpu: string | null;
  gpus: number;
  /** true when the recommended depth is inside the guide's band and within budget */
  within_band: boolean;
  depth: number;
  vocab_size: number;
  ratio: number;
  mix: { zh: number; en: number };
  mix_text: string;
  params: number;
  tokens: number;
  hours: number | null;
  cost_usd: number;
  budget_band: [number, number] | null;
  purpose_band: [number, number];
  candidates: Candidate[];
  pipeline: string;
  reasons: string[];
}

export function budgetBand(budgetUsd: number): { band: [number, number]; label: string; pipeline: string } {
  if (budgetUsd < 50) return { band: [10, 16], label: "<$50", pipeline: "simplified pipeline, single or multi-GPU" };
  if (budgetUsd <= 150) return { band: [16, 20], label: "$50–$150", pipeline: "standard pipeline, 8 GPUs" };
  return { band: [20, 32], label: ">$150", pipeline: "full pipeline, 8 GPUs" };
}

const evens = (lo: number, hi: number) => Array.from({ length: Math.floor((hi - lo) / 2) + 1 }, (_, i) => lo + 2 * i);
const usd = (x: number) => `$${x.toFixed(2)}`;

export function recommend(input: RecommendInput): Recommendation {
  const { budgetUsd, corpus, purpose } = input;
  if (!(typeof budgetUsd === "number" && Number.isFinite(budgetUsd) && budgetUsd >= 0)) throw new Error(`budget must be a number ≥ 0, got ${String(budgetUsd)}`);
  const plan = CORPUS_PLANS[corpus];
  if (!plan) throw new Error(`corpus must be one of zh, en, mixed; got '${String(corpus)}'`);
  const purposeBand = PURPOSE_BANDS[purpose];
  if (!purposeBand) throw new Error(`purpose must be one of learn, prototype, production; got '${String(purpose)}'`);
  const gpus = input.gpus;
  if (!Number.isInteger(gpus) || gpus < 0) throw new Error(`gpus must be an integer ≥ 0, got ${String(gpus)}`);
  const corpusReason = `corpus ${corpus}: ${plan.mix_text}, vocab ${plan.vocab_size}, data ratio ${plan.ratio} (guide §5.2 "Corpus type?", §4.4)`;
  const base = { vocab_size: plan.vocab_size, ratio: plan.ratio, mix: plan.mix, mix_text: plan.mix_text, purpose_band: purposeBand };

  if (gpus === 0 || !input.gpu) {
    const s = sizeModel({ depth: 4, vocabSize: plan.vocab_size, ratio: plan.ratio });
    return {
      ...base,
      mode: "cpu",
      gpu: null,
      gpus: 0,
      within_band: true,
      depth: 4,
      params: s.params.total,
      tokens: s.tokens,
      hours: null,
      cost_usd: 0,
      budget_band: null,
      candidates: [],
      pipeline: "CPU training, for learning",
      reasons: [
        `no GPU: CPU training, d4–d6 only, for learning (guide §5.2 "Do you have GPU resources? → No"); d4 chosen as the smallest`,
        `or rent GPUs on demand (Lambda/RunPod, guide §5.2) and ask again with --gpu and --gpus`,
        "hours not estimated: the GPU table has no CPU entry (configs/cpu-tiny.yaml is the 2-core setting)",
        corpusReason,
      ],
    };
  }

  const spec = lookupGpu(input.gpu);
  const mfu = input.mfu ?? GUIDE_MFU;
  const price = input.usdPerGpuHour ?? GUIDE_USD_PER_GPU_HOUR;
  const bb = budgetBand(budgetUsd);
  const lo = Math.max(bb.band[0], purposeBand[0]);
  const hi = Math.min(bb.band[1], purposeBand[1]);
  const overlap = lo <= hi;
  const band: [number, number] = overlap ? [lo, hi] : purposeBand;
  const cost = (depth: number): Candidate => {
    const s = sizeModel({ depth, vocabSize: plan.vocab_size, ratio: plan.ratio, gpu: spec.name, gpus, mfu, usdPerGpuHour: price });
    return { depth, params: s.params.total, hours: s.hours, cost_usd: s.cost_usd, fits: s.cost_usd <= budgetUsd };
  };
  const candidates = evens(band[0], band[1]).map(cost);
  const reasons: string[] = [
    `budget ${usd(budgetUsd)} is in the guide's ${bb.label} band → d${bb.band[0]}–d${bb.band[1]}, ${bb.pipeline} (guide §5.2)`,
    `purpose ${purpose} → d${purposeBand[0]}–d${purposeBand[1]} (guide §5.2 "Use case?")`,
    overlap
      ? `the two bands overlap in d${band[0]}–d${band[1]}`
      : `the budget and purpose bands do not overlap; the purpose band d${band[0]}–d${band[1]} is used`,
    `cost computed on ${gpus}× ${spec.name} at ${Math.round(mfu * 100)}% MFU and $${price}/GPU-h (guide §1.3 method; whole-node billing)`,
    corpusReason,
  ];
  if (bb.band[0] >= 16 && gpus < 8) reasons.push(`the guide's ${bb.label} band assumes 8 GPUs; with ${gpus} the same run takes ${(8 / gpus).toFixed(1)}× longer`);
  const fitting = candidates.filter((c) => c.fits);
  let pick: Candidate;
  let within_band = true;
  if (fitting.length > 0) {
    pick = fitting[fitting.length - 1];
    reasons.push(`d${pick.depth} is the largest depth in d${band[0]}–d${band[1]} whose cost ${usd(pick.cost_usd)} fits the budget ${usd(budgetUsd)}`);
  } else {
    within_band = false;
    const cheapest = candidates[0];
    reasons.push(`no depth in d${band[0]}–d${band[1]} fits the budget: the smallest, d${cheapest.depth}, costs ${usd(cheapest.cost_usd)}`);
    const anyFit = evens(4, 32).map(cost).filter((c) => c.fits);
    if (anyFit.length > 0) {
      pick = anyFit[anyFit.length - 1];
      reasons.push(`suggested instead: d${pick.depth}, the largest depth that fits (${usd(pick.cost_usd)}, ${pick.hours.toFixed(2)} h)`);
    } else {
      const s = sizeModel({ depth: 4, vocabSize: plan.vocab_size, ratio: plan.ratio });
      reasons.push(`not even d4 fits (${usd(cost(4).cost_usd)}): train d4–d6 on CPU for learning (guide §5.2), or raise the budget`);
      return { ...base, mode: "cpu", gpu: null, gpus: 0, within_band: false, depth: 4, params: s.params.total, tokens: s.tokens, hours: null, cost_usd: 0, budget_band: bb.band, candidates, pipeline: "CPU training, for learning", reasons };
    }
  }
  const s = sizeModel({ depth: pick.depth, vocabSize: plan.vocab_size, ratio: plan.ratio, gpu: spec.name, gpus, mfu, usdPerGpuHour: price });
  return {
    ...base,
    mode: "gpu",
    gpu: spec.name,
    gpus,
    within_band,
    depth: pick.depth,
    params: s.params.total,
    tokens: s.tokens,
    hours: s.hours,
    cost_usd: s.cost_usd,
    budget_band: bb.band,
    candidates,
    pipeline: bb.pipeline,
    reasons,
  };
}

export interface RecommendScenario extends RecommendInput {
  name: string;
}

/** One recommend() result, flat for a table; the reasons joined one per line. */
export interface RecommendRow {
  scenario: string;
  budget_usd: number;
  hardware: string;
  corpus: Corpus;
  purpose: Purpose;
  depth: string;
  vocab_size: number;
  ratio: number;
  params_m: number;
  hours: number | null;
  cost_usd: number;
  within_band: boolean;
  reasons: string;
}

export function recommendRows(scenarios: readonly RecommendScenario[]): RecommendRow[] {
  return scenarios.map((s) => {
    const r = recommend(s);
    return {
      scenario: s.name,
      budget_usd: s.budgetUsd,
      hardware: r.mode === "cpu" ? "CPU" : `${r.gpus}× ${r.gpu}`,
      corpus: s.corpus,
      purpose: s.purpose,
      depth: `d${r.depth}`,
      vocab_size: r.vocab_size,
      ratio: r.ratio,
      params_m: r.params / 1e6,
      hours: r.hours,
      cost_usd: r.cost_usd,
      within_band: r.within_band,
      reasons: r.reasons.map((x) => `• ${x}`).join("\n"),
    };
  });
}
