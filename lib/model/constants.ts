// nanochat v1's fixed numbers (reference §1a), free of any engine so every engine reads the same ones.

/** Logits are soft-capped as SOFTCAP · tanh(logits / SOFTCAP). */
export const SOFTCAP = 15;

/** RMSNorm eps: torch's F.rms_norm default, the float32 machine epsilon (fixtures/README.md). */
export const RMS_NORM_EPS = 1.1920928955078125e-7;

/** Rotary base θ. */
export const ROTARY_BASE = 10_000;
