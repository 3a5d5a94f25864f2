// Special tokens (reference §4): nanochat's nine, in order, with ids n_mergeable + i; optionally the
// guide's language tags after them.

export const NANOCHAT_SPECIALS = [
  "<|bos|>",
  "<|user_start|>",
  "<|user_end|>",
  "<|assistant_start|>",
  "<|assistant_end|>",
  "<|python_start|>",
  "<|python_end|>",
  "<|output_start|>",
  "<|output_end|>",
] as const;

export const LANG_SPECIALS = ["<|zh_start|>", "<|en_start|>", "<|code_start|>"] as const;

export type SpecialsName = "nanochat" | "nanochat+lang";

export function specialsList(name: string): string[] {
  if (name === "nanochat") return [...NANOCHAT_SPECIALS];
  if (name === "nanochat+lang") return [...NANOCHAT_SPECIALS, ...LANG_SPECIALS];
  throw new Error(`unknown specials set '${name}' (known: nanochat, nanochat+lang)`);
}

/** name → id for specials placed right after `nMergeable` mergeable tokens. */
export function specialIds(names: readonly string[], nMergeable: number): Record<string, number> {
  const out: Record<string, number> = {};
  names.forEach((s, i) => (out[s] = nMergeable + i));
  return out;
}
