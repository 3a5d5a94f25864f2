// The guide's device_batch_size advice (§1.3 example 2, §1.4, §4.1–§4.4), checked against the memory
// estimate (lib/sizing/memory) and nanochat's exact-grad-accum rule (lib/sizing/horizon).
// Each entry is a setting the guide prints: depth, vocab, max_seq_len, device_batch_size, GPUs, card.
import { lookupGpu } from "./gpus";
import { gradAccumSteps } from "./horizon";
import { deviceBatchThatFits, memoryEstimate } from "./memory";

export interface GuideMemoryAdvice {
  source: string;
  /** what the guide says about it, briefly */
  says: string;
  depth: number;
  vocabSize: number;
  seqLen: number;
  deviceBatchSize: number;
  totalBatchSize: number;
  gpus: number;
  gpu: string;
}

const H100 = "H100";
export const GUIDE_MEMORY_ADVICE: readonly GuideMemoryAdvice[] = [
  { source: "§1.3 ex. 2", says: "single RTX 4090: device_batch_size=16 fits in memory", depth: 10, vocabSize: 65_536, seqLen: 2048, deviceBatchSize: 16, totalBatchSize: 524_288, gpus: 1, gpu: "RTX 4090" },
  { source: "§1.3 ex. 2", says: "8×H100: device_batch_size=32", depth: 10, vocabSize: 65_536, seqLen: 2048, deviceBatchSize: 32, totalBatchSize: 524_288, gpus: 8, gpu: H100 },
  { source: "§1.4 d4–d8", says: "32, plenty of GPU memory; seq 1024", depth: 8, vocabSize: 65_536, seqLen: 1024, deviceBatchSize: 32, totalBatchSize: 524_288, gpus: 8, gpu: H100 },
  { source: "§1.4 d10–d16", says: "32", depth: 16, vocabSize: 65_536, seqLen: 2048, deviceBatchSize: 32, totalBatchSize: 524_288, gpus: 8, gpu: H100 },
  { source: "§1.4 d20–d26", says: "32 works for d20", depth: 20, vocabSize: 65_536, seqLen: 2048, deviceBatchSize: 32, totalBatchSize: 524_288, gpus: 8, gpu: H100 },
  { source: "§1.4 d20–d26", says: "16 recommended for d26", depth: 26, vocabSize: 65_536, seqLen: 2048, deviceBatchSize: 16, totalBatchSize: 524_288, gpus: 8, gpu: H100 },
  { source: "§1.4 d32+", says: "8, reduced to fit GPU memory", depth: 32, vocabSize: 65_536, seqLen: 2048, deviceBatchSize: 8, totalBatchSize: 524_288, gpus: 8, gpu: H100 },
  { source: "§4.1", says: "d16 Chinese, vocab 40,000: 32", depth: 16, vocabSize: 40_000, seqLen: 2048, deviceBatchSize: 32, totalBatchSize: 524_288, gpus: 8, gpu: H100 },
  { source: "§4.2", says: "d20 bilingual, vocab 50,000: 32", depth: 20, vocabSize: 50_000, seqLen: 2048, deviceBatchSize: 32, totalBatchSize: 524_288, gpus: 8, gpu: H100 },
  { source: "§4.3", says: "one RTX 4090/3090 (24 GB): 8 'to fit GPU memory', seq 1024 'to save memory'", depth: 8, vocabSize: 30_000, seqLen: 1024, deviceBatchSize: 8, totalBatchSize: 131_072, gpus: 1, gpu: "RTX 4090" },
  { source: "§4.4 Chinese", says: "seq 3072–4096 with device_batch_size 16–24 (d20, 8×H100)", depth: 20, vocabSize: 40_000, seqLen: 4096, deviceBatchSize: 16, totalBatchSize: 524_288, gpus: 8, gpu: H100 },
  { source: "§4.4 Chinese", says: "seq 3072–4096 with device_batch_size 16–24 (d20, 8×H100)", depth: 20, vocabSize: 40_000, seqLen: 3072, deviceBatchSize: 24, totalBatchSize: 524_288, gpus: 8, gpu: H100 },
];

export interface GuideMemoryCheck {
  source: string;
  says: string;
  setting: string;
  card: string;
  card_gib: number;
  estimate_gib: number;
  fits: boolean;
  /** the largest of 32 … 1 that fits the card at this depth, vocab and seq */
  largest_fitting: number | null;
  /** grad_accum steps, or null when total_batch_size is not an exact multiple (nanochat asserts) */
  grad_accum: number | null;
  verdict: string;
}

/** Each piece of the guide's device_batch_size advice against the memory estimate and grad-accum rule. */
export function checkGuideMemoryAdvice(advice: readonly GuideMemoryAdvice[] = GUIDE_MEMORY_ADVICE): GuideMemoryCheck[] {
  return advice.map((a) => {
    const spec = lookupGpu(a.gpu);
    const m = { depth: a.depth, vocabSize: a.vocabSize, seqLen: a.seqLen, gpus: a.gpus };
    const est = memoryEstimate({ ...m, deviceBatchSize: a.deviceBatchSize });
    const fit = deviceBatchThatFits(spec.memory_gib, m);
    let grad_accum: number | null = null;
    let accumProblem = "";
    try {
      grad_accum = gradAccumSteps(a.totalBatchSize, a.deviceBatchSize, a.seqLen, a.gpus);
    } catch {
      accumProblem = `total_batch_size ${a.totalBatchSize.toLocaleString("en-US")} is not a multiple of ${a.deviceBatchSize}·${a.seqLen}·${a.gpus} = ${(a.deviceBatchSize * a.seqLen * a.gpus).toLocaleString("en-US")}: nanochat refuses it`;
    }
    const fits = est.total_gib <= spec.memory_gib;
    const headroom = spec.memory_gib - est.total_gib;
    let verdict: string;
    if (!fits) verdict = `✗ does not fit: ≈${est.total_gib.toFixed(1)} GiB > ${spec.memory_gib} GiB; ${fit.device_batch_size ?? "nothing"} fits`;
    else if (headroom < 0.1 * spec.memory_gib) verdict = `✓ fits, tight (≈${headroom.toFixed(1)} GiB spare): try it`;
    else if (fit.device_batch_size !== null && fit.device_batch_size > a.deviceBatchSize)
      verdict = `✓ fits with room: up to ${fit.device_batch_size} would fit (fewer accumulation steps, same total batch)`;
    else verdict = "✓ fits";
    if (accumProblem) verdict = `✗ ${accumProblem}; memory: ${verdict}`;
    return {
      source: a.source,
      says: a.says,
      setting: `d${a.depth}, V ${a.vocabSize.toLocaleString("en-US")}, seq ${a.seqLen}, batch ${a.deviceBatchSize}, ${a.gpus} GPU${a.gpus > 1 ? "s" : ""}`,
      card: spec.name,
      card_gib: spec.memory_gib,
      estimate_gib: est.total_gib,
      fits,
      largest_fitting: fit.device_batch_size,
      grad_accum,
      verdict,
    };
  });
}
