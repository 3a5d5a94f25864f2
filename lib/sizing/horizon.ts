// Training horizon, nanochat v1 base_train (nanochat-reference.md §2): target tokens = ratio · total params,
// iterations = ratio·P // total_batch_size; tokens actually trained = iterations · total_batch_size.
// grad_accum = total_batch_size // (device_batch_size · T · world), asserted exact in nanochat.

export const NANOCHAT_V1_TOTAL_BATCH = 524_288;
export const NANOCHAT_V1_RATIO = 20;

function checkRatio(ratio: number): void {
  if (typeof ratio !== "number" || !Number.isFinite(ratio) || ratio <= 0) throw new Error(`data ratio must be a positive number, got ${String(ratio)}`);
}

/** Target training tokens at a tokens-per-parameter ratio (Chinchilla ≈ 20). */
export function tokensForRatio(params: number, ratio: number = NANOCHAT_V1_RATIO): number {
  checkRatio(ratio);
  return ratio * params;
}

/** nanochat's num_iterations: floor(ratio · params / total_batch_size). */
export function iterationsForRatio(params: number, ratio: number = NANOCHAT_V1_RATIO, totalBatchTokens: number = NANOCHAT_V1_TOTAL_BATCH): number {
  checkRatio(ratio);
  if (!Number.isInteger(totalBatchTokens) || totalBatchTokens <= 0) throw new Error(`total batch size must be a positive integer, got ${totalBatchTokens}`);
  return Math.floor((ratio * params) / totalBatchTokens);
}

/** Gradient-accumulation steps; throws when total_batch_size is not an exact multiple of one micro-step. */
export function gradAccumSteps(totalBatchTokens: number, deviceBatchSize: number, seqLen: number, gpus: number = 1): number {
  for (const [v, what] of [[totalBatchTokens, "total_batch_size"], [deviceBatchSize, "device_batch_size"], [seqLen, "max_seq_len"], [gpus, "gpus"]] as const) {
    if (!Number.isInteger(v) || v <= 0) throw new Error(`${what} must be a positive integer, got ${v}`);
  }
  const perStep = deviceBatchSize * seqLen * gpus;
  if (totalBatchTokens % perStep !== 0) {
    throw new Error(
      `total_batch_size ${totalBatchTokens} is not a multiple of device_batch_size·max_seq_len·gpus = ${deviceBatchSize}·${seqLen}·${gpus} = ${perStep} ` +
        `(nanochat asserts grad_accum is exact; ${totalBatchTokens}/${perStep} = ${(totalBatchTokens / perStep).toFixed(3)})`,
    );
  }
  return totalBatchTokens / perStep;
}
