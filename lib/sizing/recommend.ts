// The guide's §5.2 quick decision tree as a function. Bands (guide §5.2):
//   budget  <$50 → d10–d16 · $50–$150 → d16–d20 · >$150 → d20–d32   ($50 and $150 fall in the middle band)
//   purpose learn → d8–d16 · prototype → d16–d20 · production → d20–d32
//   no GPU  → CPU training, d4–d6 only, for learning
//   corpus  zh → 70–80% Chinese, vocab 40k, ratio 25 · en → 100% English, vocab 65,536, ratio 20
//           mixed → 50/50, vocab 50k, ratio 22
// We take the even depths in purpose ∩ budget band (the purpose band alone when they do not overlap),
// and pick the largest that fits all three budgets:
//   money   its cost on the given hardware (whole-node billing; $0 for your own card, so it never binds)
//   time    its training hours ≤ a time budget: --hours, else a default by purpose (learn 4 h: a run you
//           can repeat in an afternoon; prototype 24 h; production 168 h, a week). The guide's tree has no
//           time budget; without one, a free card "affords" d16 at 55 h on an RTX 4090.
//   memory  the card's memory holds it at device_batch_size ≥ 8 (lib/sizing/memory; below 8 sequences a
//           GPU's matmuls are too small for the 40% MFU the time assumes, and one GPU would need > 32
//           accumulation steps per 524,288-token step)
// When none fits we say which budget binds and suggest the largest depth (d4–d32) that fits, else CPU d4–d6.
// Own RTX 4090, Chinese, learning → d8 (2.6 h, batch 16), the guide's §4.3 answer; --hours 8 gives d10.
import { lookupGpu } from "./gpus";
import { deviceBatchThatFits } from "./memory";
import { NANOCHAT_V1_SEQ_LEN } from "./model";
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
  /** time budget in training hours; default PURPOSE_HOURS[purpose] */
  hours?: number;
  /** smallest device_batch_size that counts as fitting the card; default 8 */
  minDeviceBatch?: number;
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

/** Default time budgets (training hours) by purpose: not the guide's; see the header. */
export const PURPOSE_HOURS: Record<Purpose, number> = { learn: 4, prototype: 24, production: 168 };
export const MIN_DEVICE_BATCH = 8;

export interface Candidate {
  depth: number;
  params: number;
  hours: number;
  cost_usd: number;
  /** largest device_batch_size (32 … 1) that fits the card, null when none */
  device_batch_size: number | null;
  memory_gib: number | null;
  fits_money: boolean;
  fits_time: boolean;
  fits_memory: boolean;
  /** all three */
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
  /** the time budget used (hours), and where it came from */
  hours_budget: number;
  hours_budget_source: "given" | "default for the purpose";
  /** device_batch_size of the pick on its card (null on CPU) */
  device_batch_size: number | null;
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
  const hoursBudget = input.hours ?? PURPOSE_HOURS[purpose];
  if (!(typeof hoursBudget === "number" && Number.isFinite(hoursBudget) && hoursBudget > 0)) throw new Error(`hours (time budget) must be a number > 0, got ${String(input.hours)}`);
  const minBatch = input.minDeviceBatch ?? MIN_DEVICE_BATCH;
  if (!Number.isInteger(minBatch) || minBatch < 1) throw new Error(`minDeviceBatch must be an integer ≥ 1, got ${String(minBatch)}`);
  const hoursSource = input.hours === undefined ? ("default for the purpose" as const) : ("given" as const);
  const corpusReason = `corpus ${corpus}: ${plan.mix_text}, vocab ${plan.vocab_size}, data ratio ${plan.ratio} (guide §5.2 "Corpus type?", §4.4)`;
  const base = { vocab_size: plan.vocab_size, ratio: plan.ratio, mix: plan.mix, mix_text: plan.mix_text, purpose_band: purposeBand, hours_budget: hoursBudget, hours_budget_source: hoursSource, device_batch_size: null };

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
    const fit = deviceBatchThatFits(spec.memory_gib, { depth, vocabSize: plan.vocab_size, seqLen: NANOCHAT_V1_SEQ_LEN, gpus });
    const at = fit.estimates.find((e) => e.device_batch_size === fit.device_batch_size);
    const fits_money = s.cost_usd <= budgetUsd;
    const fits_time = s.hours <= hoursBudget;
    const fits_memory = fit.device_batch_size !== null && fit.device_batch_size >= minBatch;
    return {
      depth, params: s.params.total, hours: s.hours, cost_usd: s.cost_usd, device_batch_size: fit.device_batch_size, memory_gib: at ? at.total_gib : null,
      fits_money, fits_time, fits_memory, fits: fits_money && fits_time && fits_memory,
    };
  };
  const why = (c: Candidate): string => {
    const out: string[] = [];
    if (!c.fits_money) out.push(`costs ${usd(c.cost_usd)} > ${usd(budgetUsd)}`);
    if (!c.fits_time) out.push(`takes ${c.hours.toFixed(1)} h > the ${hoursBudget} h time budget`);
    if (!c.fits_memory) out.push(c.device_batch_size === null ? `does not fit ${spec.memory_gib} GiB even at batch 1` : `fits ${spec.memory_gib} GiB only at device_batch_size ${c.device_batch_size} < ${minBatch}`);
    return `d${c.depth} ${out.join(" and ")}`;
  };
  const candidates = evens(band[0], band[1]).map(cost);
  const reasons: string[] = [
    `budget ${usd(budgetUsd)} is in the guide's ${bb.label} band → d${bb.band[0]}–d${bb.band[1]}, ${bb.pipeline} (guide §5.2)`,
    `purpose ${purpose} → d${purposeBand[0]}–d${purposeBand[1]} (guide §5.2 "Use case?")`,
    overlap
      ? `the two bands overlap in d${band[0]}–d${band[1]}`
      : `the budget and purpose bands do not overlap; the purpose band d${band[0]}–d${band[1]} is used`,
    `time budget ${hoursBudget} h (${hoursSource === "given" ? "given" : `default for ${purpose}; change it with --hours`}); memory: ${spec.memory_gib} GiB per GPU must hold device_batch_size ≥ ${minBatch}`,
    `time and cost on ${gpus}× ${spec.name} at ${Math.round(mfu * 100)}% MFU and $${price}/GPU-h (nanochat's estimate_flops; whole-node billing)`,
    corpusReason,
  ];
  if (bb.band[0] >= 16 && gpus < 8) reasons.push(`the guide's ${bb.label} band assumes 8 GPUs; with ${gpus} the same run takes ${(8 / gpus).toFixed(1)}× longer`);
  const fitting = candidates.filter((c) => c.fits);
  let pick: Candidate;
  let within_band = true;
  if (fitting.length > 0) {
    pick = fitting[fitting.length - 1];
    const next = candidates.find((c) => c.depth > pick.depth);
    reasons.push(
      `d${pick.depth} is the largest depth in d${band[0]}–d${band[1]} that fits: ${usd(pick.cost_usd)}, ${pick.hours.toFixed(1)} h, device_batch_size ${pick.device_batch_size}` +
        (next ? `; ${why(next)}` : ""),
    );
  } else {
    within_band = false;
    const cheapest = candidates[0];
    reasons.push(`no depth in d${band[0]}–d${band[1]} fits: ${why(cheapest)}`);
    const anyFit = evens(4, 32).map(cost).filter((c) => c.fits);
    if (anyFit.length > 0) {
      pick = anyFit[anyFit.length - 1];
      reasons.push(`suggested instead: d${pick.depth}, the largest depth that fits (${usd(pick.cost_usd)}, ${pick.hours.toFixed(2)} h, device_batch_size ${pick.device_batch_size})`);
    } else {
      const s = sizeModel({ depth: 4, vocabSize: plan.vocab_size, ratio: plan.ratio });
      reasons.push(`not even d4 fits (${why(cost(4))}): train d4–d6 on CPU for learning (guide §5.2), or raise the budget`);
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
    device_batch_size: pick.device_batch_size,
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
  hours_budget: number;
  device_batch_size: number | null;
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
      hours_budget: r.hours_budget,
      device_batch_size: r.device_batch_size,
      cost_usd: r.cost_usd,
      within_band: r.within_band,
      reasons: r.reasons.map((x) => `• ${x}`).join("\n"),
    };
  });
}
