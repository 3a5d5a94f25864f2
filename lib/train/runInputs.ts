// What a training run reads: its documents and its tokenizer.
// Data, first found: an explicit folder/files (--data), the config's data.shards, shards already in the
// run folder (<out>/shards), else the config's data.sources mixed by `nanozh mix`'s buildMixture into
// <out>/shards. Tokenizer, first found: an explicit folder or built-in name (--tokenizer), the run
// folder's own (<out>/tokenizer, from an earlier or interrupted run), else one trained the way notebook
// 04 does (lib/tokenizer trainBpe at the config's tokenizer.vocab_size, pattern, specials, doc_cap and
// max_chars) on the TRAINING shards only, saved to <out>/tokenizer.
import fs from "node:fs";
import path from "node:path";
import type { NanozhConfig } from "../config";
import { buildMixture, listShardFiles } from "../data";
import { getTokenizer, saveTokenizer, trainBpe, type Tokenizer } from "../tokenizer";
import { openDocSource, shardsSource, type DocSource } from "./docSource";
import { takeTexts } from "../data/trainingTexts";

export const BOS = "<|bos|>";

export async function dataForRun(cfg: NanozhConfig, out: string, data?: string | string[], log: (line: string) => void = () => {}): Promise<DocSource> {
  if (data !== undefined) return openDocSource(data);
  if (cfg.data.resolved_shards) {
    if (listShardFiles(cfg.data.resolved_shards).length === 0) throw new Error(`${cfg.file}: data.shards: ${cfg.data.shards} holds no shard_*.parquet`);
    return shardsSource(cfg.data.resolved_shards);
  }
  const dir = path.join(out, "shards");
  if (listShardFiles(dir).length === 0) {
    log(`data: mixing ${cfg.file}'s data.sources into ${dir} (nanozh mix)`);
    await buildMixture(cfg, dir, { log });
  }
  return shardsSource(dir);
}

export interface RunTokenizer {
  tokenizer: Tokenizer;
  /** <out>/tokenizer */
  dir: string;
  trained: boolean;
  bos: number;
}

/** The row groups of a run's training documents, in order (shards or text files). */
async function* sourceGroups(source: DocSource): AsyncGenerator<string[]> {
  for (const shard of source.train) yield* shard.groups(0);
}

function trainingTexts(source: DocSource, maxChars: number): Promise<string[]> {
  return takeTexts(sourceGroups(source), maxChars);
}

export async function tokenizerForRun(cfg: NanozhConfig, out: string, source: DocSource, explicit?: string, log: (line: string) => void = () => {}): Promise<RunTokenizer> {
  let tok: Tokenizer;
  let dir: string;
  let trained = false;
  if (explicit !== undefined) {
    // copied into the run folder, so the run (and --resume, and the saved model) is self-contained
    tok = getTokenizer(explicit);
    dir = path.join(out, "tokenizer");
    if (path.resolve(explicit) !== path.resolve(dir)) {
      fs.rmSync(dir, { recursive: true, force: true });
      if (fs.existsSync(explicit)) fs.cpSync(explicit, dir, { recursive: true });
      else saveTokenizer(dir, tok);
    }
  } else if (fs.existsSync(path.join(out, "tokenizer"))) {
    dir = path.join(out, "tokenizer");
    tok = getTokenizer(dir);
  } else {
    dir = path.join(out, "tokenizer");
    const texts = await trainingTexts(source, cfg.tokenizer.max_chars);
    log(`tokenizer: training BPE at vocab ${cfg.tokenizer.vocab_size} on ${texts.length.toLocaleString("en-US")} training documents → ${dir}`);
    const specials = cfg.tokenizer.specials;
    if (typeof specials !== "string" || specials === "none")
      throw new Error(`${cfg.file}: tokenizer.specials: training a tokenizer here needs a named set with ${BOS} ('nanochat'); pass --tokenizer DIR for others`);
    const t0 = Date.now();
    const r = trainBpe(texts, {
      vocabSize: cfg.tokenizer.vocab_size,
      pattern: cfg.tokenizer.pattern,
      specials,
      docCap: cfg.tokenizer.doc_cap,
      maxChars: cfg.tokenizer.max_chars,
      name: `${cfg.name}-${cfg.tokenizer.vocab_size}`,
      log,
    });
    for (const w of r.warnings) log(`tokenizer: warning: ${w}`);
    saveTokenizer(dir, r.tokenizer, {
      merges: r.merges,
      training: {
        files: [source.where],
        docs: r.stats.docs,
        chars: r.stats.chars,
        uniqueChunks: r.stats.uniqueChunks,
        seconds: (Date.now() - t0) / 1000,
        vocabRequested: cfg.tokenizer.vocab_size,
        docCap: cfg.tokenizer.doc_cap,
        maxChars: cfg.tokenizer.max_chars,
        warnings: r.warnings,
      },
    });
    tok = r.tokenizer;
    trained = true;
  }
  checkRunTokenizer(cfg, tok, explicit ?? dir);
  return { tokenizer: tok, dir, trained, bos: tok.specialId(BOS) };
}

/** A run's tokenizer must match the config's vocabulary and have BOS; `where` names it in the errors. */
export function checkRunTokenizer(cfg: NanozhConfig, tok: Tokenizer, where: string): void {
  if (tok.nVocab !== cfg.model.vocab_size)
    throw new Error(`${cfg.file}: model.vocab_size is ${cfg.model.vocab_size} but the tokenizer ${where} has ${tok.nVocab} ids; make them equal (retrain the tokenizer or change the config)`);
  if (!tok.specials.has(BOS)) throw new Error(`${where}: the tokenizer has no ${BOS} special token (nanochat's loader puts one before each document)`);
}
