// One call that sizes a model end to end: shape, parameters, FLOPs, horizon, time and cost.
// Time uses the tokens nanochat actually trains (iterations · total_batch_size), as base_train's
// "Total training FLOPs estimate" does; `tokens` is the target ratio · params. A fixed num_iterations
// (nanochat's first horizon rule, nanochat-reference.md §2) overrides the ratio.
// Two FLOPs/token methods, both reported: nanochat's estimate_flops, 6·(P − wte) + 12·L·d·T (`hours`,
// the one every other number here uses), and the guide's §1.3 method, 6·P (`hours_6p`), which counts the
// embedding lookup as a matmul and leaves out attention. Same tokens, same throughput; only FLOPs/token differ.
import { flopsPerToken } from "./flops";
import { checkSizeLimits } from "./limits";
import { lookupGpu } from "./gpus";
import { iterationsForRatio, NANOCHAT_V1_RATIO, NANOCHAT_V1_TOTAL_BATCH, tokensForRatio } from "./horizon";
import { modelShape, padVocab, withWidth, NANOCHAT_V1_SEQ_LEN, NANOCHAT_V1_VOCAB, type ModelShape, type WidthOverrides } from "./model";
import { paramCount, type ParamCount } from "./params";
import { costUsd, GUIDE_MFU, GUIDE_USD_PER_GPU_HOUR, trainingHours } from "./time";

export interface SizeInput {
  depth: number;
  vocabSize?: number;
  ratio?: number;
  totalBatchTokens?: number;
  seqLen?: number;
  gpu?: string;
  gpus?: number;
  mfu?: number;
  usdPerGpuHour?: number;
  /** a fixed horizon (nanochat's num_iterations); -1 or absent: from the ratio */
  numIterations?: number;
  /** a width other than nanochat's 64·depth (a config's model.n_embd, for CPU toys) */
  width?: WidthOverrides;
  /** pad the vocabulary to a multiple of this many rows, as nanochat after v1 does (NANOCHAT_VOCAB_MULTIPLE); absent: v1, no padding */
  padVocabTo?: number;
}

export interface SizeReport extends ModelShape {
  params: ParamCount;
  flops_per_token: number;
  ratio: number;
  total_batch_size: number;
  tokens: number;
  iterations: number;
  tokens_trained: number;
  total_flops: number;
  gpu: string;
  gpus: number;
  mfu: number;
  usd_per_gpu_hour: number;
  /** nanochat's estimate_flops: 6·(P − wte) + 12·L·d·T per token */
  hours: number;
  cost_usd: number;
  /** the guide's §1.3 method: 6·P FLOPs per token */
  flops_per_token_6p: number;
  hours_6p: number;
  cost_usd_6p: number;
}

export function sizeModel(s: SizeInput): SizeReport {
  checkSizeLimits(s);
  const shape = padVocab(withWidth(modelShape(s.depth, s.vocabSize ?? NANOCHAT_V1_VOCAB, s.seqLen ?? NANOCHAT_V1_SEQ_LEN), s.width), s.padVocabTo);
  const params = paramCount(shape);
  const fpt = flopsPerToken(shape);
  const ratio = s.ratio ?? NANOCHAT_V1_RATIO;
  const batch = s.totalBatchTokens ?? NANOCHAT_V1_TOTAL_BATCH;
  const tokens = tokensForRatio(params.total, ratio);
  const fixed = s.numIterations !== undefined && s.numIterations !== -1;
  if (fixed && !(Number.isInteger(s.numIterations) && (s.numIterations as number) > 0))
    throw new Error(`num_iterations must be a positive integer or -1, got ${s.numIterations}`);
  const iterations = fixed ? (s.numIterations as number) : iterationsForRatio(params.total, ratio, batch);
  const tokens_trained = iterations * batch;
  const gpu = lookupGpu(s.gpu ?? "H100").name;
  const gpus = s.gpus ?? 8;
  const mfu = s.mfu ?? GUIDE_MFU;
  const price = s.usdPerGpuHour ?? GUIDE_USD_PER_GPU_HOUR;
  const hours = trainingHours({ flopsPerToken: fpt, tokens: tokens_trained, gpu, gpus, mfu });
  const hours6p = trainingHours({ flopsPerToken: 6 * params.total, tokens: tokens_trained, gpu, gpus, mfu });
  return {
    ...shape,
    params,
    flops_per_token: fpt,
    ratio,
    total_batch_size: batch,
    tokens,
    iterations,
    tokens_trained,
    total_flops: fpt * tokens_trained,
    gpu,
    gpus,
    mfu,
    usd_per_gpu_hour: price,
    hours,
    cost_usd: costUsd(hours, gpus, price),
    flops_per_token_6p: 6 * params.total,
    hours_6p: hours6p,
    cost_usd_6p: costUsd(hours6p, gpus, price),
  };
}
