// Built-in reference tokenizers (gpt2, cl100k_base, o200k_base) from js-tiktoken's shipped ranks,
// run through this package's encoder. js-tiktoken's rank format: lines "<first char> <offset> <b64>…"
// where the k-th base64 token on a line has rank offset + k.
import { createRequire } from "node:module";
import path from "node:path";
import { repoRoot } from "../util/paths";
import { Tokenizer } from "./tokenizer";

export const BUILTIN_NAMES = ["gpt2", "cl100k_base", "o200k_base"] as const;
export type BuiltinName = (typeof BUILTIN_NAMES)[number];

const PATTERN_OF: Record<BuiltinName, string> = { gpt2: "gpt2", cl100k_base: "cl100k", o200k_base: "o200k" };

interface JsTiktokenRanks {
  pat_str: string;
  special_tokens: Record<string, number>;
  bpe_ranks: string;
}

export function isBuiltin(name: string): name is BuiltinName {
  return (BUILTIN_NAMES as readonly string[]).includes(name);
}

/** Parse js-tiktoken's compressed rank text into token bytes by rank. */
export function parseJsTiktokenRanks(text: string): Uint8Array[] {
  const tokens: Uint8Array[] = [];
  for (const line of text.split("\n")) {
    if (!line) continue;
    const parts = line.split(" ");
    const offset = Number.parseInt(parts[1], 10);
    for (let k = 2; k < parts.length; k++) tokens[offset + k - 2] = new Uint8Array(Buffer.from(parts[k], "base64"));
  }
  return tokens;
}

const cache = new Map<string, Tokenizer>();

/** The raw js-tiktoken rank data for a built-in. */
export function builtinRanks(name: BuiltinName): JsTiktokenRanks {
  let root = process.cwd();
  try {
    root = repoRoot();
  } catch {
    // resolve from the working directory
  }
  const req = createRequire(path.join(root, "noop.js"));
  const mod = req(`js-tiktoken/ranks/${name}`) as JsTiktokenRanks | { default: JsTiktokenRanks };
  return "default" in mod ? mod.default : mod;
}

/** gpt2, cl100k_base or o200k_base through our encoder (cached). */
export function builtinTokenizer(name: string): Tokenizer {
  if (!isBuiltin(name)) throw new Error(`unknown built-in tokenizer '${name}' (known: ${BUILTIN_NAMES.join(", ")})`);
  let tok = cache.get(name);
  if (!tok) {
    const r = builtinRanks(name);
    tok = new Tokenizer({ name, tokens: parseJsTiktokenRanks(r.bpe_ranks), specials: r.special_tokens, pattern: PATTERN_OF[name] });
    cache.set(name, tok);
  }
  return tok;
}
