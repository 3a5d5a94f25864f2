// Script conversion (Simplified ⇄ Traditional, Taiwan, Hong Kong, Japanese Shinjitai) through opencc-js.
// opencc-js is loaded lazily with a require rooted at the repository, so the same code runs under
// tsx (ESM) and in the tslab kernel (CommonJS); converters are built once per config and cached.
import { createRequire } from "node:module";
import path from "node:path";
import type { ConverterFunction } from "opencc-js";
import { repoRoot } from "../util/paths";

/** OpenCC's official config names → opencc-js locales (README table of opencc-js 1.4.2). */
export const OPENCC_CONFIGS = {
  s2t: { from: "cn", to: "t" },
  t2s: { from: "t", to: "cn" },
  s2tw: { from: "cn", to: "tw" },
  s2twp: { from: "cn", to: "twp" },
  tw2s: { from: "tw", to: "cn" },
  tw2sp: { from: "twp", to: "cn" },
  s2hk: { from: "cn", to: "hk" },
  s2hkp: { from: "cn", to: "hkp" },
  hk2s: { from: "hk", to: "cn" },
  hk2sp: { from: "hkp", to: "cn" },
  t2tw: { from: "t", to: "tw" },
  t2hk: { from: "t", to: "hk" },
  tw2t: { from: "tw", to: "t" },
  hk2t: { from: "hk", to: "t" },
  jp2t: { from: "jp", to: "t" },
  t2jp: { from: "t", to: "jp" },
} as const;

export type OpenCCConfig = keyof typeof OPENCC_CONFIGS;

export function isOpenCCConfig(name: string): name is OpenCCConfig {
  return Object.prototype.hasOwnProperty.call(OPENCC_CONFIGS, name);
}

interface OpenCCModule {
  Converter(options: { from: string; to: string }): ConverterFunction;
}

let openccModule: OpenCCModule | undefined;
const converters = new Map<OpenCCConfig, ConverterFunction>();

function loadOpenCC(): OpenCCModule {
  if (!openccModule) {
    const req = createRequire(path.join(repoRoot(), "package.json"));
    openccModule = req("opencc-js") as OpenCCModule;
  }
  return openccModule;
}

/** The cached converter function for an OpenCC config name (`t2s`, `s2twp`, …). */
export function openccConverter(config: OpenCCConfig): ConverterFunction {
  let conv = converters.get(config);
  if (!conv) {
    if (!isOpenCCConfig(config)) throw new Error(`unknown OpenCC config '${config}' (known: ${Object.keys(OPENCC_CONFIGS).join(", ")})`);
    conv = loadOpenCC().Converter(OPENCC_CONFIGS[config]);
    converters.set(config, conv);
  }
  return conv;
}

/** Convert `text` with an OpenCC config: `convertScript("漢語", "t2s") === "汉语"`. */
export function convertScript(text: string, config: OpenCCConfig): string {
  return openccConverter(config)(text);
}
