// The project's own tokenizers for a run mode: one ladder (trainVocabLadder) per pre-tokenisation on
// the zh/en training mix, saved to out/tokenizers/<name>/ with a manifest the evaluation reads.
import fs from "node:fs";
import path from "node:path";
import { writeJsonAtomic } from "../../util/atomicWrite";
import { outDir } from "../../util/paths";
import { loadTokenizer, saveTokenizer } from "../formats";
import type { Tokenizer } from "../tokenizer";
import type { TrainStats } from "../train";
import { trainVocabLadder } from "./ladder";
import { trainingMix, type MixPart } from "./mix";
import { SHARED_TRAIN_EXTRA, type EvalSet } from "./domains";

export interface TokenizerSetOptions {
  mode: "small" | "full";
  set: EvalSet;
  vocabSizes: number[];
  patterns: string[];
  /** Chinese share of the training characters (guide §3.2: 0.7) */
  zhShare: number;
  /** training characters (zh + en) */
  maxChars: number;
  docCap?: number;
  /** folder for the tokenizers; default out/tokenizers */
  dir?: string;
  log?: (line: string) => void;
}

export interface TokenizerSetEntry {
  name: string;
  pattern: string;
  vocabSize: number;
  merges: number;
  dir: string;
  /** the ladder's one training run (shared by every vocab of the pattern) */
  trainSeconds: number;
  /**
   * seconds that run took to reach this vocabulary (reading, counting, merges up to it): what training at
   * this size alone takes. Absent in manifests written before it was recorded.
   */
  vocabSeconds?: number;
  countSeconds: number;
  mergeSeconds: number;
}

export interface TokenizerSetManifest {
  mode: "small" | "full";
  source: string;
  createdAt: string;
  zhShare: number;
  trainChars: number;
  zhChars: number;
  enChars: number;
  docs: number;
  parts: MixPart[];
  vocabSizes: number[];
  patterns: string[];
  entries: TokenizerSetEntry[];
  warnings: string[];
}

export interface TokenizerSet {
  manifest: TokenizerSetManifest;
  tokenizers: Map<string, Tokenizer>;
  /** per pattern, the training statistics of its run */
  stats: Map<string, TrainStats>;
}

/** A trained tokenizer's folder name: `<mode>-zh70-<pattern>-<vocab>` (small and full runs do not overwrite each other). */
export function tokenizerName(mode: string, zhShare: number, pattern: string, vocabSize: number): string {
  return `${mode}-zh${Math.round(zhShare * 100)}-${pattern}-${vocabSize}`;
}

export function manifestFile(mode: string, dir: string = outDir("tokenizers")): string {
  return path.join(dir, `manifest-${mode}.json`);
}

/** Build the training mix, train one ladder per pattern, save every tokenizer and the manifest. */
export function trainTokenizerSet(opts: TokenizerSetOptions): TokenizerSet {
  const dir = opts.dir ?? outDir("tokenizers");
  // full mode adds Shakespeare to the English side (a training source, not an evaluation domain)
  const trainDomains = opts.set.kind === "shared" ? [...opts.set.domains, ...SHARED_TRAIN_EXTRA] : opts.set.domains;
  const mix = trainingMix(trainDomains, opts.set.baseDir, { zhShare: opts.zhShare, maxChars: opts.maxChars });
  const tokenizers = new Map<string, Tokenizer>();
  const stats = new Map<string, TrainStats>();
  const entries: TokenizerSetEntry[] = [];
  const warnings: string[] = [];
  for (const pattern of opts.patterns) {
    const ladder = trainVocabLadder(mix.docs, {
      vocabSizes: opts.vocabSizes,
      pattern,
      docCap: opts.docCap,
      maxChars: Number.MAX_SAFE_INTEGER,
      log: opts.log ?? (() => {}),
      name: (v) => tokenizerName(opts.mode, opts.zhShare, pattern, v),
    });
    stats.set(pattern, ladder.stats);
    warnings.push(...ladder.warnings.map((w) => `${pattern}: ${w}`));
    for (const e of ladder.entries) {
      const name = e.tokenizer.name;
      const tdir = path.join(dir, name);
      saveTokenizer(tdir, e.tokenizer, {
        merges: e.merges,
        training: {
          files: mix.parts.map((p) => `${opts.set.source}: ${p.domain} (${p.chars} chars)`),
          docs: ladder.stats.docs,
          chars: ladder.stats.chars,
          uniqueChunks: ladder.stats.uniqueChunks,
          seconds: ladder.stats.seconds,
          vocabRequested: e.vocabSize,
          docCap: opts.docCap ?? 10_000,
          warnings: ladder.warnings,
        },
      });
      tokenizers.set(name, e.tokenizer);
      entries.push({ name, pattern, vocabSize: e.vocabSize, merges: e.merges.length, dir: tdir, trainSeconds: ladder.stats.seconds, vocabSeconds: e.seconds, countSeconds: ladder.stats.countSeconds, mergeSeconds: ladder.stats.mergeSeconds });
    }
  }
  const manifest: TokenizerSetManifest = {
    mode: opts.mode,
    source: opts.set.source,
    createdAt: new Date().toISOString(),
    zhShare: mix.zhShare,
    trainChars: mix.zhChars + mix.enChars,
    zhChars: mix.zhChars,
    enChars: mix.enChars,
    docs: mix.docs.length,
    parts: mix.parts,
    vocabSizes: opts.vocabSizes,
    patterns: opts.patterns,
    entries,
    warnings,
  };
  writeJsonAtomic(manifestFile(opts.mode, dir), manifest);
  return { manifest, tokenizers, stats };
}

/** The tokenizers a manifest lists, read back from their folders; null when there is no manifest for the mode. */
export function loadTokenizerSet(mode: "small" | "full", dir: string = outDir("tokenizers")): { manifest: TokenizerSetManifest; tokenizers: Map<string, Tokenizer> } | null {
  const file = manifestFile(mode, dir);
  if (!fs.existsSync(file)) return null;
  let manifest: TokenizerSetManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(file, "utf8")) as TokenizerSetManifest;
  } catch (err) {
    throw new Error(`${file}: not valid JSON (${(err as Error).message})`);
  }
  if (!Array.isArray(manifest.entries)) throw new Error(`${file}: field 'entries' missing`);
  const tokenizers = new Map<string, Tokenizer>();
  for (const e of manifest.entries) tokenizers.set(e.name, loadTokenizer(path.join(dir, e.name)));
  return { manifest, tokenizers };
}

/**
 * Vocabulary sizes per mode: full = the guide's candidates (§3.3, §4, §5.3) and, below them, 4,096 and 8,192 —
 * free (prefixes of the same run), and where notebook 05's sweep meets Qwen3's / DeepSeek-V3's Chinese
 * chars/token when our curve passes theirs below the guide's sizes; small = sizes the ~55K-character bundled corpus can fill.
 */
export const DEFAULT_VOCAB_SIZES = { small: [512, 1024, 1536, 2048], full: [4_096, 8_192, 16_384, 32_768, 40_000, 50_000, 65_536] } as const;
export const DEFAULT_PATTERNS = ["nanochat", "jieba", "han-char"] as const;

/** The default set for a mode (notebook 04's parameters; notebook 05 trains this when 04 has not run). */
export function defaultSetOptions(mode: "small" | "full", set: EvalSet): TokenizerSetOptions {
  return {
    mode,
    set,
    vocabSizes: [...DEFAULT_VOCAB_SIZES[mode]],
    patterns: [...DEFAULT_PATTERNS],
    zhShare: 0.7,
    // full: ~8M characters (about 5.6M zh + 2.4M en, nearly all the English the shared data holds)
    maxChars: mode === "full" ? 8_000_000 : 1_000_000_000,
  };
}
