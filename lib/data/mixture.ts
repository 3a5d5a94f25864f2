// buildMixture: weighted sources → shuffled train shards + a validation shard, with a report of
// realised vs requested weights. Streaming throughout:
//   1. count each source's documents and characters (one read);
//   2. hold out `val_docs` documents, split among the sources by weight (at most maxValFraction of any
//      source's documents) and picked at seeded random positions; they are skipped in every epoch (and exact duplicates of them are dropped), so val
//      stays unseen even when a small source is repeated;
//   3. plan per-source train quotas on what is left (mixturePlan: repeat or subsample to meet the weights);
//   4. draw documents source by source with probability ∝ remaining quota (seeded), each source
//      Bernoulli-subsampled at its rate (or repeated for whole epochs), through a shuffle buffer;
//   5. write the train shards, then the val documents (shuffled, kept in memory) as the shard with
//      the highest index — nanochat uses the shard that sorts last as val.
import type { Doc, ReadOptions } from "./types";
import { codePointLength, newReadStats } from "./types";
import { readCorpus } from "./corpus";
import { ShardWriter } from "./shardWriter";
import type { ShardCompression } from "./rowGroup";
import { makeManifest, writeManifest, type ShardManifest } from "./manifest";
import { beginShardSet, commitShardSet, discardShardSet } from "./shardSet";
import { deriveSeed, mulberry32, ShuffleBuffer, shuffleInPlace, type Rng } from "./rng";
import { apportion, sampleIndices } from "./holdout";
import { effectiveWeights, planMixture, type MixLangSpec, type MixSourceSpec, type MixturePlan } from "./mixturePlan";
import { repoRoot } from "../util/paths";
import { shardPlanForConfig, DATA_DEFAULTS, type NanozhConfig } from "../config";
import { progress as makeProgress } from "../util/progress";
import { statusLine } from "../util/tslab";

/** The part of a project config (lib/config's NanozhConfig) the mixture needs. */
export interface MixtureConfig {
  name?: string;
  data: {
    chars_per_shard?: number;
    margin?: number;
    seed?: number;
    mix?: MixLangSpec[];
    sources: MixSourceSpec[];
    val_docs?: number;
  };
  /** With model and training, the default target is the config's shard plan (tokens × chars/token × (1 + margin)). */
  model?: NanozhConfig["model"];
  training?: NanozhConfig["training"];
}

/** Characters the config's plan asks for (lib/config shardPlanForConfig: with margin), or undefined without model/training. */
export function plannedChars(config: MixtureConfig): number | undefined {
  const d = config.data;
  if (!config.model || !config.training || !d.mix || d.mix.length === 0) return undefined;
  return shardPlanForConfig({
    model: config.model,
    training: config.training,
    data: { ...DATA_DEFAULTS, ...d, mix: d.mix.map((m) => ({ ...m, chars_per_token: m.chars_per_token ?? 1 })), sources: [] } as NanozhConfig["data"],
  }).chars_with_margin;
}

export interface BuildMixtureOptions {
  /**
   * Train characters wanted (val is held out on top). Default: the config's plan (plannedChars) when
   * it has model and training, else the largest mixture that uses each source at most once. Either
   * way capped by what exists (maxRepeat epochs per source).
   */
  targetChars?: number;
  overwrite?: boolean;
  /** Most epochs of any source when upsampling (default 4). */
  maxRepeat?: number;
  /** Shrink the target so every weight holds when a source runs short (default true). */
  preserveWeights?: boolean;
  /** Most of a source's documents that may go to val (default 0.1); the rest of val_docs comes from other sources. */
  maxValFraction?: number;
  /** Documents held in the shuffle buffer (default 10,000). */
  shuffleDocs?: number;
  /** Overrides of the config's data section. */
  seed?: number;
  valDocs?: number;
  charsPerShard?: number;
  /** Documents per row group (default 1,024, nanochat's); shards close only on multiples of it, so a
   * small corpus needs a smaller value to be cut into several shards. */
  rowGroupDocs?: number;
  compression?: ShardCompression;
  /** Folder that source paths are relative to (default: the repository root). */
  root?: string;
  /** Progress and warnings; default stderr. */
  log?: (line: string) => void;
}

export interface MixtureSourceReport {
  name: string;
  requestedWeight: number;
  realisedWeight: number;
  /** Characters available for train: the source minus its val hold-out (estimated at the average document length). */
  availableChars: number;
  availableDocs: number;
  quotaChars: number;
  rate: number;
  epochs: number;
  trainChars: number;
  trainDocs: number;
  valDocs: number;
  exhausted: boolean;
}

export interface MixtureReport {
  seed: number;
  requestedChars: number;
  targetChars: number;
  limitedBy: string | null;
  trainChars: number;
  valChars: number;
  valDocs: number;
  /** Train documents dropped because they are exact duplicates of a val document. */
  valCopiesDropped: number;
  sources: MixtureSourceReport[];
}

/**
 * Train documents of one source at `rate`: whole epochs, then a Bernoulli-sampled partial epoch,
 * stopping at the quota. Documents at `valIndex` positions go to `onVal` during the first epoch and
 * are skipped in all epochs; the first epoch reads on past the quota until every val document is found.
 */
async function* sampleSource(
  spec: MixSourceSpec,
  rate: number,
  quotaChars: number,
  rng: Rng,
  readOpts: ReadOptions,
  valIndex: Set<number>,
  onVal: (d: Doc) => void,
  epochs: { n: number },
): AsyncGenerator<Doc> {
  let emitted = 0;
  const lastVal = valIndex.size ? Math.max(...valIndex) : -1;
  for (let epoch = 0; epoch === 0 || (rate - epoch > 0 && emitted < quotaChars); epoch++) {
    const p = Math.min(1, rate - epoch);
    if (p > 0 && emitted < quotaChars) epochs.n = epoch + 1;
    let k = -1;
    for await (const d of readCorpus(spec.resolved_path ?? spec.path, { ...readOpts, format: spec.format, field: spec.field, stats: newReadStats() })) {
      k++;
      if (valIndex.has(k)) {
        if (epoch === 0) onVal(d);
        continue;
      }
      if (emitted >= quotaChars) {
        if (k > lastVal) break; // quota met and every val document seen
        continue;
      }
      if (p < 1 && rng() >= p) continue;
      yield d;
      emitted += codePointLength(d.text);
    }
  }
}

/**
 * Build the mixture into `outDir`: train shards, the val shard (sorts last) and manifest.json. The set
 * is written in a staging folder beside `outDir` and swapped in only when complete (lib/data/shardSet):
 * a failed or killed run leaves the old set intact and no shard under a final name. A folder that
 * already holds shards is refused (before any reading) unless `overwrite`.
 */
export async function buildMixture(config: MixtureConfig, outDir: string, opts: BuildMixtureOptions = {}): Promise<ShardManifest> {
  const log = opts.log ?? statusLine;
  const staging = beginShardSet(outDir, opts.overwrite, log);
  try {
    const manifest = await writeMixture(config, staging, opts, log);
    commitShardSet(staging, outDir);
    return manifest;
  } catch (err) {
    discardShardSet(staging);
    throw err;
  }
}

/** The mixture's shards and manifest, written into the (empty) folder `dir`. */
async function writeMixture(config: MixtureConfig, dir: string, opts: BuildMixtureOptions, log: (line: string) => void): Promise<ShardManifest> {
  const data = config.data;
  const seed = opts.seed ?? data.seed ?? 42;
  const valDocs = opts.valDocs ?? data.val_docs ?? 1024;
  const root = opts.root ?? repoRoot();
  const readOpts: ReadOptions = { root, onWarning: (m) => log(`warning: ${m}`) };
  const weights = effectiveWeights(data.sources);
  const targetChars = opts.targetChars ?? plannedChars(config);
  const names = new Set<string>();
  for (const s of data.sources) {
    if (names.has(s.name)) throw new Error(`data.sources: duplicate name '${s.name}'`);
    names.add(s.name);
  }

  // 1. what exists
  const counted = [];
  for (let i = 0; i < data.sources.length; i++) {
    const s = data.sources[i];
    const stats = newReadStats();
    const prog = makeProgress({ label: `count ${s.name}`, unit: "docs", write: log });
    for await (const _d of readCorpus(s.resolved_path ?? s.path, { ...readOpts, format: s.format, field: s.field, stats })) prog.tick();
    prog.done();
    counted.push({ name: s.name, weight: weights[i], availableChars: stats.chars, availableDocs: stats.docs });
  }

  // 2. val hold-out: val_docs split by weight, at seeded random positions in each source
  // no source gives more than maxValFraction of its documents to val (a small source must not vanish into it)
  const maxValFraction = opts.maxValFraction ?? 0.1;
  const valPer = apportion(valDocs, weights, counted.map((c) => Math.min(Math.floor(c.availableDocs * maxValFraction), Math.max(0, c.availableDocs - 1))));
  const valTotal = valPer.reduce((a, b) => a + b, 0);
  if (valTotal < valDocs) log(`warning: only ${valTotal} val documents (val_docs=${valDocs}): no source gives more than ${(maxValFraction * 100).toFixed(0)}% of its documents to val`);
  const valIndex = counted.map((c, i) => sampleIndices(c.availableDocs, valPer[i], mulberry32(deriveSeed(seed, `${c.name}/val`))));
  const trainAvailable = counted.map((c, i) => ({ ...c, availableChars: Math.max(0, Math.floor(c.availableChars - (valPer[i] * c.availableChars) / Math.max(c.availableDocs, 1))) }));

  // 3. quotas
  const plan: MixturePlan = planMixture(trainAvailable, { targetChars, maxRepeat: opts.maxRepeat, preserveWeights: opts.preserveWeights });
  for (const q of plan.sources) {
    if (q.exhausted) log(`warning: source '${q.name}' is exhausted: ${q.availableChars.toLocaleString("en-US")} chars cannot supply ${(q.weight * plan.requestedChars).toLocaleString("en-US", { maximumFractionDigits: 0 })} chars at weight ${q.weight.toFixed(3)}${targetChars !== undefined ? ` within ${opts.maxRepeat ?? 4} epochs` : ""}`);
  }
  if (plan.limitedBy) log(`mixture: target ${plan.requestedChars.toLocaleString("en-US", { maximumFractionDigits: 0 })} chars capped to ${plan.targetChars.toLocaleString("en-US")} by '${plan.limitedBy}'`);

  // 4. interleave + shuffle
  const rng = mulberry32(seed);
  const epochs = data.sources.map(() => ({ n: 0 }));
  const val: { text: string; src: number }[] = [];
  const valTexts = new Set<string>();
  const iters = data.sources.map((s, i) =>
    sampleSource(s, plan.sources[i].rate, plan.sources[i].quotaChars, mulberry32(deriveSeed(seed, s.name)), readOpts, valIndex[i], (d) => {
      val.push({ text: d.text, src: i });
      valTexts.add(d.text);
    }, epochs[i])[Symbol.asyncIterator](),
  );
  const remaining = plan.sources.map((q) => q.quotaChars);
  const live = plan.sources.map((q, i) => q.quotaChars > 0 || valIndex[i].size > 0);
  const shuffle = new ShuffleBuffer<{ text: string; src: number }>(opts.shuffleDocs ?? 10_000, rng);
  const writer = ShardWriter.create(dir, { charsPerShard: opts.charsPerShard ?? data.chars_per_shard, rowGroupDocs: opts.rowGroupDocs, compression: opts.compression });
  let valCopiesDropped = 0;
  const trainChars = data.sources.map(() => 0);
  const trainDocs = data.sources.map(() => 0);
  const valBySource = data.sources.map(() => 0);
  const prog = makeProgress({ label: "mix", total: plan.targetChars, unit: "chars", write: log });
  const emit = async (d: { text: string; src: number }): Promise<void> => {
    if (valTexts.has(d.text)) {
      valCopiesDropped++;
      return;
    }
    const chars = codePointLength(d.text);
    trainChars[d.src] += chars;
    trainDocs[d.src]++;
    await writer.add(d.text, data.sources[d.src].name);
    prog.tick(chars);
  };
  try {
    for (;;) {
      let total = 0;
      for (let i = 0; i < live.length; i++) if (live[i]) total += Math.max(remaining[i], 1);
      if (total === 0) break;
      let r = rng() * total;
      let pick = -1;
      for (let i = 0; i < live.length; i++) {
        if (!live[i]) continue;
        pick = i;
        r -= Math.max(remaining[i], 1);
        if (r < 0) break;
      }
      const next = await iters[pick].next();
      if (next.done) {
        live[pick] = false;
        continue;
      }
      remaining[pick] -= codePointLength(next.value.text);
      const out = shuffle.push({ text: next.value.text, src: pick });
      if (out) await emit(out);
    }
    for (const d of shuffle.drain()) await emit(d);
    if (writer.shards.length === 0 && writer.openShard.documents === 0) {
      throw new Error(`mixture has only ${val.length} documents, all taken for validation (val_docs=${valDocs}); nanochat needs at least one train shard and one val shard`);
    }
    await writer.beginSplit("val");
    for (const d of shuffleInPlace(val, rng)) {
      valBySource[d.src]++;
      await writer.add(d.text, data.sources[d.src].name);
    }
    await writer.finish();
  } catch (err) {
    await writer.abort(err as Error);
    throw err;
  }
  prog.done();

  // 4. report
  const sumTrain = trainChars.reduce((a, b) => a + b, 0);
  const valChars = val.reduce((a, d) => a + codePointLength(d.text), 0);
  const report: MixtureReport = {
    seed,
    requestedChars: plan.requestedChars,
    targetChars: plan.targetChars,
    limitedBy: plan.limitedBy,
    trainChars: sumTrain,
    valChars,
    valDocs: val.length,
    valCopiesDropped,
    sources: plan.sources.map((q, i) => ({
      name: q.name,
      requestedWeight: q.weight,
      realisedWeight: sumTrain > 0 ? trainChars[i] / sumTrain : 0,
      availableChars: q.availableChars,
      availableDocs: q.availableDocs,
      quotaChars: q.quotaChars,
      rate: q.rate,
      epochs: epochs[i].n,
      trainChars: trainChars[i],
      trainDocs: trainDocs[i],
      valDocs: valBySource[i],
      exhausted: q.exhausted,
    })),
  };
  const manifest = makeManifest({
    shards: writer.shards,
    sources: writer.sources,
    config: config.name ?? null,
    charsPerShard: writer.charsPerShard,
    rowGroupDocs: writer.rowGroupDocs,
    compression: writer.compression,
    mixture: report,
  });
  writeManifest(dir, manifest);
  return manifest;
}

/** Realised vs requested weights as text table rows (for the CLI and notebooks). */
export function mixtureTable(report: MixtureReport): string {
  const rows = [["source", "requested", "realised", "available chars", "rate", "epochs", "train chars", "note"]];
  for (const s of report.sources) {
    rows.push([s.name, s.requestedWeight.toFixed(3), s.realisedWeight.toFixed(3), s.availableChars.toLocaleString("en-US"), s.rate.toFixed(3), String(s.epochs), s.trainChars.toLocaleString("en-US"), s.exhausted ? "exhausted" : ""]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((v, c) => (c === 0 || c === 7 ? v.padEnd(widths[c]) : v.padStart(widths[c]))).join("  ")).join("\n");
}

