// exportNanochatKit: a folder that a GPU machine turns into a nanochat run with `bash run.sh` —
//   base_data/shard_*.parquet       the config's mixture (lib/data buildMixture; last shard = val)
//   tokenizer/tokenizer.pkl         pickled tiktoken Encoding (lib/export/pickle)
//   tokenizer/token_bytes.pt        torch.save'd int32 tensor (lib/export/torchZip, tokenBytes)
//   tokenizer/tokenizer.tiktoken …  the same tokenizer in this toolkit's format (nanozh import --tokenizer)
//   identity_conversations.jsonl    CustomJSON conversations for mid_train / chat_sft
//   run.sh, README.md, kit.json     the commands, the plan, a machine-readable summary
// Everything is written into a staging folder beside KIT and renamed into place when complete
// (lib/util/dirSwap): a failure or a kill leaves no half kit. The checks nanochat needs
// (lib/export/kitChecks) run before anything is written, except the shard and tokenizer checks,
// which run on what was written, still inside the staging folder.
import fs from "node:fs";
import path from "node:path";
import { loadConfig, shardPlanForConfig, type NanozhConfig } from "../config";
import { buildMixture, listShardFiles, planMixture, plannedChars, readCorpus, readParquetRowGroups, newReadStats, type ShardManifest, type MixtureReport } from "../data";
import { getTokenizer, saveTokenizer, trainBpe, type Tokenizer } from "../tokenizer";
import { buildChatMixture, readCustomJson, type Conversation } from "../chat";
import { writeFileAtomic, writeJsonAtomic } from "../util/atomicWrite";
import { commitDir, discardDir, recoverDir, stageDir } from "../util/dirSwap";
import { assertOnlyOwnedEntries } from "../util/pathChecks";
import { bundledDataDir } from "../util/paths";
import { tokenizerPickle } from "./pickle";
import { tokenBytesPt } from "./torchZip";
import { nanochatTokenBytes } from "./tokenBytes";
import { checkKitConfig, checkKitShards, checkKitTokenizer, type KitTopology } from "./kitChecks";
import { runScript, type KitStep } from "./runScript";
import { kitPlan, kitReadme, type KitPlan } from "./kitReadme";
import { NANOCHAT_COMMIT, NANOCHAT_COMMIT_DATE, NANOCHAT_LAYOUT, NANOCHAT_PIN_REASONS, NANOCHAT_REPO_URL } from "./nanochatFlags";
import { withBundledStandIns, type StandIn } from "./standIns";
import { statusLine } from "../util/tslab";
import { readTrainingTexts } from "../data/trainingTexts";

export interface KitOptions {
  config: string | NanozhConfig;
  out: string;
  /** small: a few shards from the data at hand (a demo or a dry run); full: the planner's shard count (default) */
  mode?: "small" | "full";
  /** GPUs per node (default: the config's hardware.gpus, 1 for a CPU config) */
  gpus?: number;
  nodes?: number;
  overwrite?: boolean;
  /** a tokenizer folder (lib/tokenizer format) instead of training one on the kit's shards */
  tokenizer?: string;
  log?: (l: string) => void;
  /** called as each part is finished inside the staging folder (tests inject failures here) */
  onStage?: (part: string) => void;
}

/** Small mode: at most this many train characters, cut into about SMALL_TRAIN_SHARDS shards. */
export const SMALL_MAX_CHARS = 4_000_000;
export const SMALL_TRAIN_SHARDS = 3;
/** Small mode: the tokenizer trains on at most this many characters. */
export const SMALL_TOKENIZER_CHARS = 2_000_000;

export interface KitSummary {
  format: "nanozh-nanochat-kit";
  version: 1;
  created: string;
  out: string;
  run_sh: string;
  config: { name: string; file: string };
  mode: "small" | "full";
  topology: KitTopology & { world: number };
  nanochat: { repo: string; commit: string; date: string; reasons: readonly string[] };
  plan: KitPlan;
  shards: {
    planned: number;
    planned_chars_per_shard: number;
    written: number;
    written_chars_per_shard: number;
    row_group_docs: number;
    train_chars: number;
    val_docs: number;
    file_bytes: number;
    limited_by: string | null;
    /** small mode without the config's corpora: the bundled text that stood in for each missing source */
    stand_ins: StandIn[];
  };
  tokenizer: { source: string; vocab_size: number; pattern: string; trained_chars: number | null; seconds: number };
  identity: { conversations: number; from_identity: number; from_chat: number; skipped: number; duplicates: number };
  steps: { name: string; command: string }[];
  files: Record<string, number>;
  seconds: number;
}

/** Names the kit writes at its top level (what --overwrite may replace). */
const KIT_ENTRIES = new Set([NANOCHAT_LAYOUT.data, NANOCHAT_LAYOUT.tokenizerDir, NANOCHAT_LAYOUT.identity, "run.sh", "README.md", "kit.json"]);

export async function exportNanochatKit(o: KitOptions): Promise<KitSummary> {
  const t0 = Date.now();
  const log = o.log ?? statusLine;
  const stage = o.onStage ?? (() => undefined);
  const loaded = typeof o.config === "string" ? loadConfig(o.config) : o.config;
  const mode = o.mode ?? "full";
  // small mode only: sources missing here (no ../shared) are stood in for by the bundled corpus of their language
  const { cfg, standIns } = mode === "small" ? withBundledStandIns(loaded) : { cfg: loaded, standIns: [] };
  for (const s of standIns) log(`kit: data source '${s.source}' (${s.missing}) not found; small mode stands in ${s.stand_in}`);
  const topo: KitTopology = { gpusPerNode: o.gpus ?? (cfg.hardware.gpus > 0 ? cfg.hardware.gpus : 1), nodes: o.nodes ?? 1 };
  const world = topo.gpusPerNode * topo.nodes;
  const created = new Date().toISOString();

  // 1. everything that can be refused without writing
  checkKitConfig(cfg, topo);
  const run = runScript(cfg, topo, { created, mode });
  const out = path.resolve(o.out);
  checkOut(out, !!o.overwrite);
  const given = o.tokenizer ? getTokenizer(o.tokenizer) : null;
  if (given) checkKitTokenizer(cfg, given, o.tokenizer as string);
  const plan = kitPlan(cfg, topo);

  for (const line of recoverDir(out)) log(line);
  const staging = stageDir(out);
  try {
    // 2. shards
    const shardPlan = shardPlanForConfig(cfg);
    const small = mode === "small" ? await smallShardSettings(cfg, world, log) : null;
    const dataDir = path.join(staging, NANOCHAT_LAYOUT.data);
    log(`kit: writing ${mode} mixture into ${NANOCHAT_LAYOUT.data}/` + (small ? ` (${small.targetChars.toLocaleString("en-US")} chars, ${small.charsPerShard.toLocaleString("en-US")} per shard, ${small.rowGroupDocs} docs per row group)` : ` (plan: ${shardPlan.shards} shards of ${shardPlan.chars_per_shard.toLocaleString("en-US")} chars, ${Math.max(1, Math.min(1024, Math.floor(cfg.data.val_docs / world)))} docs per row group)`));
    // full mode: nanochat's 1,024 documents per row group, fewer when the val shard would give some rank none
    const rowGroupDocs = small ? small.rowGroupDocs : Math.max(1, Math.min(1024, Math.floor(cfg.data.val_docs / world)));
    const manifest = await buildMixture(cfg, dataDir, small ? { targetChars: small.targetChars, charsPerShard: small.charsPerShard, rowGroupDocs, log } : { rowGroupDocs, log });
    checkKitShards(manifest, world, `${out}/${NANOCHAT_LAYOUT.data}`);
    stage("base_data");

    // 3. tokenizer
    const tokDir = path.join(staging, NANOCHAT_LAYOUT.tokenizerDir);
    const tk = given ? { tok: given, source: path.resolve(o.tokenizer as string), chars: null, seconds: 0 } : await trainKitTokenizer(cfg, dataDir, mode, log);
    checkKitTokenizer(cfg, tk.tok, tk.source);
    fs.mkdirSync(tokDir, { recursive: true });
    writeFileAtomic(path.join(tokDir, NANOCHAT_LAYOUT.tokenizerPickle), tokenizerPickle(tk.tok));
    writeFileAtomic(path.join(tokDir, NANOCHAT_LAYOUT.tokenBytes), tokenBytesPt(nanochatTokenBytes(tk.tok)));
    saveTokenizer(tokDir, tk.tok, { log });
    stage("tokenizer");

    // 4. conversations
    const identity = kitConversations(cfg, log);
    writeFileAtomic(path.join(staging, NANOCHAT_LAYOUT.identity), identity.lines.map((l) => l + "\n").join(""));
    stage("identity");

    // 5. run.sh, README.md, kit.json
    const runFile = path.join(staging, "run.sh");
    writeFileAtomic(runFile, run.text);
    fs.chmodSync(runFile, 0o755);
    const mix = manifest.mixture as MixtureReport | undefined;
    const summary: KitSummary = {
      format: "nanozh-nanochat-kit",
      version: 1,
      created,
      out,
      run_sh: path.join(out, "run.sh"),
      config: { name: cfg.name, file: cfg.file },
      mode,
      topology: { ...topo, world },
      nanochat: { repo: NANOCHAT_REPO_URL, commit: NANOCHAT_COMMIT, date: NANOCHAT_COMMIT_DATE, reasons: NANOCHAT_PIN_REASONS },
      plan,
      shards: {
        planned: shardPlan.shards,
        planned_chars_per_shard: shardPlan.chars_per_shard,
        written: manifest.shards.length,
        written_chars_per_shard: manifest.charsPerShard,
        row_group_docs: manifest.rowGroupDocs,
        train_chars: mix ? mix.trainChars : manifest.totals.characters,
        val_docs: manifest.shards[manifest.shards.length - 1].documents,
        file_bytes: manifest.totals.fileBytes,
        limited_by: mix ? mix.limitedBy : null,
        stand_ins: standIns,
      },
      tokenizer: { source: tk.source, vocab_size: tk.tok.nVocab, pattern: tk.tok.pattern.name, trained_chars: tk.chars, seconds: tk.seconds },
      identity: identity.stats,
      steps: run.steps.map((s: KitStep) => ({ name: s.name, command: s.command })),
      files: {},
      seconds: 0,
    };
    summary.files = fileSizes(staging);
    writeFileAtomic(path.join(staging, "README.md"), kitReadme(cfg, summary, run.steps, manifest));
    summary.files = fileSizes(staging);
    summary.seconds = (Date.now() - t0) / 1000;
    writeJsonAtomic(path.join(staging, "kit.json"), summary);
    stage("done");
    commitDir(staging, out, { owned: (n) => KIT_ENTRIES.has(n) });
    return summary;
  } catch (err) {
    discardDir(staging);
    throw err;
  }
}

/** An existing KIT needs --overwrite, and may only hold what a kit writes (not a run's checkpoints or a nanochat clone). */
function checkOut(out: string, overwrite: boolean): void {
  if (!fs.existsSync(out)) return;
  if (!fs.statSync(out).isDirectory()) throw new Error(`${out}: exists and is not a folder`);
  const entries = fs.readdirSync(out).filter((n) => !n.startsWith("."));
  if (entries.length === 0) return;
  if (!overwrite) throw new Error(`${out}: exists (${entries.length} entries); pass --overwrite to replace the kit`);
  assertOnlyOwnedEntries(out, { owned: (n) => KIT_ENTRIES.has(n), writer: "a kit", replaces: "kits", hint: "a run's checkpoints or nanochat clone?", elsewhere: "export elsewhere" });
}

/** Bytes per file under `dir` (relative paths, sorted). */
function fileSizes(dir: string): Record<string, number> {
  const out: Record<string, number> = {};
  const walk = (d: string, rel: string) => {
    for (const n of fs.readdirSync(d).sort()) {
      const p = path.join(d, n);
      const r = rel ? `${rel}/${n}` : n;
      if (fs.statSync(p).isDirectory()) walk(p, r);
      else out[r] = fs.statSync(p).size;
    }
  };
  walk(dir, "");
  return out;
}

interface SmallShards {
  targetChars: number;
  charsPerShard: number;
  rowGroupDocs: number;
}

/**
 * Small mode: the config's plan capped at SMALL_MAX_CHARS and at the largest mixture that uses each
 * source once, cut into ~SMALL_TRAIN_SHARDS train shards whose row groups are small enough that each
 * of `world` ranks gets some of every shard (and of the val shard).
 */
async function smallShardSettings(cfg: NanozhConfig, world: number, log: (l: string) => void): Promise<SmallShards> {
  const counted = [];
  for (const s of cfg.data.sources) {
    const stats = newReadStats();
    for await (const _d of readCorpus(s.resolved_path, { format: s.format, field: s.field, stats, onWarning: (m) => log(`warning: ${m}`) })) {
      // counting only
    }
    counted.push({ name: s.name, weight: s.weight, availableChars: stats.chars, availableDocs: stats.docs });
  }
  const live = counted.filter((c) => c.weight > 0);
  const once = planMixture(live).targetChars;
  const planned = plannedChars(cfg) ?? Infinity;
  const targetChars = Math.max(1, Math.floor(Math.min(SMALL_MAX_CHARS, planned, once * 0.9)));
  const docs = live.reduce((a, c) => a + c.availableDocs, 0);
  const chars = live.reduce((a, c) => a + c.availableChars, 0);
  const docsPerShard = (targetChars * docs) / Math.max(chars, 1) / SMALL_TRAIN_SHARDS;
  const valDocs = Math.min(cfg.data.val_docs, live.reduce((a, c) => a + Math.floor(c.availableDocs * 0.1), 0));
  const rowGroupDocs = Math.max(1, Math.min(1024, Math.floor(Math.min(docsPerShard, valDocs) / world)));
  return { targetChars, charsPerShard: Math.max(1, Math.ceil(targetChars / SMALL_TRAIN_SHARDS)), rowGroupDocs };
}

/** Train the kit's tokenizer at the config's vocabulary on its train shards (not the val shard). */
async function trainKitTokenizer(cfg: NanozhConfig, dataDir: string, mode: "small" | "full", log: (l: string) => void): Promise<{ tok: Tokenizer; source: string; chars: number; seconds: number }> {
  const maxChars = mode === "small" ? Math.min(cfg.tokenizer.max_chars, SMALL_TOKENIZER_CHARS) : cfg.tokenizer.max_chars;
  const docs = await readTrainingTexts(dataDir, maxChars);
  log(`kit: training the tokenizer (vocab ${cfg.tokenizer.vocab_size.toLocaleString("en-US")}) on ${docs.length.toLocaleString("en-US")} train documents`);
  const specials = cfg.tokenizer.specials;
  if (typeof specials !== "string") throw new Error(`${cfg.file}: tokenizer.specials: training the kit's tokenizer needs a named set ('nanochat' or 'nanochat+lang'); pass --tokenizer DIR for others`);
  const r = trainBpe(docs, { vocabSize: cfg.tokenizer.vocab_size, pattern: cfg.tokenizer.pattern, specials, docCap: cfg.tokenizer.doc_cap, maxChars, log, name: `${cfg.name}-kit` });
  for (const w of r.warnings) log(`warning: ${w}`);
  return { tok: r.tokenizer, source: `trained here on ${NANOCHAT_LAYOUT.data}/ train shards`, chars: r.stats.chars, seconds: r.stats.seconds };
}

/**
 * A conversation as CustomJSON takes it: a system message folded into the first user turn (as
 * nanochat's render_conversation does), a last user turn without an answer dropped; null when what
 * is left does not alternate user/assistant from user or has fewer than 2 messages.
 */
export function toCustomJson(c: Conversation): { role: "user" | "assistant"; content: string }[] | null {
  let ms = c.messages.map((m) => ({ ...m }));
  if (ms.length && ms[0].role === "system") {
    if (ms.length < 2 || ms[1].role !== "user") return null;
    ms[1].content = `${ms[0].content}\n\n${ms[1].content}`;
    ms = ms.slice(1);
  }
  if (ms.length && ms[ms.length - 1].role === "user") ms = ms.slice(0, -1);
  if (ms.length < 2) return null;
  for (let i = 0; i < ms.length; i++) {
    const want = i % 2 === 0 ? "user" : "assistant";
    if (ms[i].role !== want || typeof ms[i].content !== "string") return null;
  }
  return ms.map((m) => ({ role: m.role as "user" | "assistant", content: m.content }));
}

/** data/chat/identity.jsonl, then the chat block's training conversations (if any), as CustomJSON lines without duplicates. */
export function kitConversations(cfg: NanozhConfig, log: (l: string) => void): { lines: string[]; stats: KitSummary["identity"] } {
  const identityFile = path.join(bundledDataDir(), "chat", "identity.jsonl");
  const identity = readCustomJson(identityFile);
  const chat = cfg.chat ? buildChatMixture(cfg.chat.tasks.map((t) => ({ name: t.name, format: t.format, path: t.resolved_path, weight: t.weight, ...(t.directions ? { directions: t.directions } : {}), ...(t.limit !== undefined ? { limit: t.limit } : {}), ...(t.benchmark ? { benchmark: t.benchmark } : {}) })), { seed: cfg.chat.seed, valShare: cfg.chat.val_share, log }).train : [];
  const seen = new Set<string>();
  const lines: string[] = [];
  let skipped = 0;
  let duplicates = 0;
  let fromIdentity = 0;
  let fromChat = 0;
  const add = (c: Conversation, fromId: boolean) => {
    const m = toCustomJson(c);
    if (!m) return void skipped++;
    const line = JSON.stringify(m);
    if (seen.has(line)) return void duplicates++;
    seen.add(line);
    lines.push(line);
    if (fromId) fromIdentity++;
    else fromChat++;
  };
  for (const c of identity) add(c, true);
  for (const c of chat) add(c, false);
  log(`kit: ${lines.length} conversations for ${NANOCHAT_LAYOUT.identity} (${fromIdentity} identity, ${fromChat} from the chat block; ${duplicates} duplicates, ${skipped} not convertible)`);
  return { lines, stats: { conversations: lines.length, from_identity: fromIdentity, from_chat: fromChat, skipped, duplicates } };
}

