// Learning-rate multipliers of nanochat v1's chat stages (nanochat-reference.md §6), on top of the base
// learning rates (training.*_lr): the multiplier the optimizers get at optimizer step `step` of `n`.
//   sft (scripts/chat_sft.py):  init_lr_frac · (1 − step/n)               linear decay to 0
//   mid (scripts/mid_train.py): init_lr_frac · (1 while progress < 0.8, then linear to 0 at the end)
// Muon's momentum ramps 0.85 → 0.95 over 300 steps as in base training (lib/train muonMomentum).

export type ChatMode = "sft" | "mid";

/** Share of the run, at the end of which mid-training's LR starts to fall (nanochat v1 mid_train). */
export const MID_WARMDOWN_START = 0.8;

export function sftLrMultiplier(step: number, n: number, initLrFrac: number): number {
  return initLrFrac * (1 - step / n);
}

export function midLrMultiplier(step: number, n: number, initLrFrac: number): number {
  const progress = step / n;
  return initLrFrac * (progress < MID_WARMDOWN_START ? 1 : 1 - (progress - MID_WARMDOWN_START) / (1 - MID_WARMDOWN_START));
}

export function chatLrMultiplier(mode: ChatMode, step: number, n: number, initLrFrac: number): number {
  if (!Number.isInteger(n) || n < 1) throw new Error(`chat LR schedule: the number of iterations must be a positive integer, got ${n}`);
  return mode === "sft" ? sftLrMultiplier(step, n, initLrFrac) : midLrMultiplier(step, n, initLrFrac);
}
