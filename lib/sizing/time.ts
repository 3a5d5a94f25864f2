// Training time and cost: total FLOPs / (peak FLOP/s · gpus · MFU), as guide §1.3 and nanochat divide.
// The FLOPs per token are the caller's: nanochat's estimate_flops or the guide's 6·P (lib/sizing/size).
// Cost is charged for the whole node: usd_per_gpu_hour · gpus · hours (the guide's $24/h for an
// 8×H100 node is $3 per GPU-hour), so changing the GPU count changes both the speed and the bill.
import { lookupGpu } from "./gpus";

export const GUIDE_MFU = 0.4;
export const GUIDE_USD_PER_GPU_HOUR = 3.0; // $24/h ÷ 8 GPUs (guide §1.2 notes)

export interface TimeInput {
  flopsPerToken: number;
  tokens: number;
  gpu: string;
  gpus: number;
  mfu?: number;
}

export function trainingSeconds(t: TimeInput): number {
  const spec = lookupGpu(t.gpu);
  const mfu = t.mfu ?? GUIDE_MFU;
  if (!Number.isInteger(t.gpus) || t.gpus <= 0) throw new Error(`gpus must be a positive integer, got ${t.gpus}`);
  if (!(mfu > 0 && mfu <= 1)) throw new Error(`mfu must be in (0, 1], got ${mfu}`);
  if (!(t.tokens >= 0)) throw new Error(`tokens must be ≥ 0, got ${t.tokens}`);
  return (t.flopsPerToken * t.tokens) / (spec.peak_flops * t.gpus * mfu);
}

export function trainingHours(t: TimeInput): number {
  return trainingSeconds(t) / 3600;
}

/** Cost of the whole node for `hours`: usdPerGpuHour · gpus · hours. */
export function costUsd(hours: number, gpus: number, usdPerGpuHour: number = GUIDE_USD_PER_GPU_HOUR): number {
  if (!(usdPerGpuHour >= 0) || !Number.isFinite(usdPerGpuHour)) throw new Error(`price per GPU-hour must be ≥ 0, got ${usdPerGpuHour}`);
  return hours * gpus * usdPerGpuHour;
}
