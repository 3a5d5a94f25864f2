// How big a run is: NANOZH_MODE=small (default; CI, a laptop, bundled data) or full (../shared/data).
// Notebooks read the mode here, never process.env directly, so a typo fails loudly.

export type RunMode = "small" | "full";

/** The run mode from $NANOZH_MODE: "small" (default) or "full". */
export function runMode(env: Record<string, string | undefined> = process.env): RunMode {
  const raw = (env.NANOZH_MODE ?? "").trim().toLowerCase();
  if (raw === "" || raw === "small") return "small";
  if (raw === "full") return "full";
  throw new Error(`NANOZH_MODE: expected "small" or "full", got ${JSON.stringify(env.NANOZH_MODE)}`);
}

/** Pick the value for the current mode: `byMode({ small: 2_000, full: 2_000_000 })`. */
export function byMode<T>(choices: { small: T; full: T }, mode: RunMode = runMode()): T {
  return choices[mode];
}
