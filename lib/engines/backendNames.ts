// The tfjs backends a user may name (--backend), engine-neutral so a caller can refuse a bad name before
// any engine (or tfjs itself) loads; lib/engines/tfjs/backend.ts starts them.
export const BACKEND_NAMES = ["tfjs-node-gpu", "wasm", "cpu"] as const;
export type BackendChoice = (typeof BACKEND_NAMES)[number];

export function checkBackendName(name: string): BackendChoice {
  if ((BACKEND_NAMES as readonly string[]).includes(name)) return name as BackendChoice;
  throw new Error(`--backend: unknown backend '${name}'; valid names: ${BACKEND_NAMES.join(", ")}`);
}
