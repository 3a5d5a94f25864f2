// Shards as a function of a two-language mix ratio (weights by tokens), for a plot:
// x = share of language A, from 0 to 1 in `steps` equal steps.
import { planShards, type ShardPlanInput } from "./shards";

export interface MixPoint {
  weight_a: number;
  chars: number;
  bytes: number;
  shards: number;
  download_bytes: number;
}

export interface MixSeriesInput extends Omit<ShardPlanInput, "mix" | "charsPerToken" | "lang" | "bytesPerChar"> {
  a: { lang: string; charsPerToken: number; bytesPerChar?: number };
  b: { lang: string; charsPerToken: number; bytesPerChar?: number };
  steps?: number;
}

export function shardsVsMix(input: MixSeriesInput): MixPoint[] {
  const steps = input.steps ?? 10;
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`steps must be a positive integer, got ${steps}`);
  const { a, b, steps: _s, ...rest } = input;
  const out: MixPoint[] = [];
  for (let i = 0; i <= steps; i++) {
    const w = i / steps;
    const plan = planShards({ ...rest, mix: [{ ...a, weight: w }, { ...b, weight: 1 - w }] });
    out.push({ weight_a: w, chars: plan.chars, bytes: plan.bytes, shards: plan.shards, download_bytes: plan.download_bytes });
  }
  return out;
}
