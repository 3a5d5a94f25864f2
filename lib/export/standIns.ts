// A small-mode kit on a machine without the config's corpora (a fresh clone has no ../shared beside it):
// the sources whose files are missing are replaced, together, by the bundled default pretraining corpus
// (data/pretrain: 3.4M characters of public-domain Chinese and English, nanochat shards), so the kit —
// shards, a tokenizer at the config's vocabulary, run.sh — can still be built and inspected. The substitutions are logged and recorded in kit.json and the kit's README.
// Full mode never substitutes: a kit meant for a real run must hold the real data.
import fs from "node:fs";
import path from "node:path";
import type { NanozhConfig, SourceEntry } from "../config";
import { expandGlob } from "../data/glob";
import { bundledDataDir, repoRoot } from "../util/paths";

export interface StandIn {
  source: string;
  missing: string;
  stand_in: string;
}

function hasFiles(s: SourceEntry): boolean {
  try {
    return expandGlob(s.resolved_path).length > 0;
  } catch {
    return false;
  }
}

/**
 * The config with its missing sources replaced by ONE stand-in source, the bundled pretraining corpus (weight:
 * theirs summed; it mixes both languages, so the language shares of the mix are not kept), and what was replaced.
 */
export function withBundledStandIns(cfg: NanozhConfig): { cfg: NanozhConfig; standIns: StandIn[] } {
  const standIns: StandIn[] = [];
  const sources: SourceEntry[] = [];
  const dir = path.join(bundledDataDir(), "pretrain");
  const rel = path.join(path.relative(repoRoot(), dir), "*.parquet");
  let standIn: SourceEntry | null = null;
  for (const s of cfg.data.sources) {
    if (hasFiles(s)) {
      sources.push(s);
      continue;
    }
    if (!fs.existsSync(dir)) throw new Error(`${cfg.file}: data.sources '${s.name}': ${s.path} not found, and the bundled corpus ${dir} is missing too`);
    standIns.push({ source: s.name, missing: s.path, stand_in: rel });
    if (standIn) standIn.weight += s.weight;
    else {
      standIn = { name: "bundled_pretrain", lang: s.lang, weight: s.weight, format: "parquet", path: rel, resolved_path: path.join(dir, "*.parquet"), field: "text" };
      sources.push(standIn);
    }
  }
  return { cfg: standIns.length ? { ...cfg, data: { ...cfg.data, sources } } : cfg, standIns };
}
