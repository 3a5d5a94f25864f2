// A weighted chat-task mixture (guide §4.2: "60% Chinese conversations + 40% English"): each task's
// conversations are read, a validation part is held out per task first, then the weights give each
// task's share of the training conversations — a task with fewer rows than its share is repeated
// (whole epochs, each in a new order), one with more is subsampled. Everything is seeded.
import path from "node:path";
import { deriveSeed, mulberry32, shuffleInPlace, type Rng } from "../data/rng";
import { repoRoot } from "../util/paths";
import type { Conversation } from "./types";
import { readAlpaca } from "./readers/alpaca";
import { readCustomJson } from "./readers/customJson";
import { readOasst } from "./readers/oasst";
import { readShareGpt } from "./readers/shareGpt";
import { readTranslationPairs } from "./readers/translationPairs";
import { readMcDev } from "./mcPractice";

export type ChatFormat = "customjson" | "alpaca" | "sharegpt" | "oasst" | "pairs" | "mc-dev";

export interface ChatTaskSpec {
  name: string;
  format: ChatFormat;
  /** a file (a folder for mc-dev), relative to baseDir */
  path: string;
  /** share of the training conversations (normalised over the tasks) */
  weight: number;
  /** pairs only */
  directions?: "both" | "zh-en" | "en-zh";
  /** the first `limit` rows of the file (pairs: lines) */
  limit?: number;
  /** mc-dev only (default ceval) */
  benchmark?: "ceval" | "cmmlu";
}

export interface ChatTaskStats {
  name: string;
  format: ChatFormat;
  /** conversations read (after limit) */
  available: number;
  /** training conversations in the mixture (with repeats) */
  train: number;
  val: number;
  /** normalised weight */
  weight: number;
  /** train / rows left for training: > 1 means repeated */
  epochs: number;
}

export interface ChatMixture {
  train: Conversation[];
  val: Conversation[];
  perTask: ChatTaskStats[];
}

export interface ChatMixtureOptions {
  seed: number;
  /** share of each task held out for validation (at least 1 row when a task has ≥ 2; 0 → none) */
  valShare: number;
  /** training conversations in all; default: every training row once in total (Σ rows − val) */
  total?: number;
  /** where relative task paths start; default the repository root */
  baseDir?: string;
  /** one line per task read (default silent) */
  log?: (line: string) => void;
}

type TaskReader = (file: string, spec: ChatTaskSpec) => Conversation[];

/** Format → reader. mc-dev reads the dev split of a C-EVAL / CMMLU folder only (lib/chat/mcPractice). */
const READERS: Record<ChatFormat, TaskReader> = {
  customjson: (f) => readCustomJson(f),
  alpaca: (f) => readAlpaca(f),
  sharegpt: (f) => readShareGpt(f),
  oasst: (f) => readOasst(f),
  pairs: (f, s) => readTranslationPairs(f, { directions: s.directions, limit: s.limit }),
  "mc-dev": (f, s) => readMcDev(f, s.benchmark ?? "ceval"),
};

/** The conversations of one task, each tagged with the task name. */
export function readChatTask(spec: ChatTaskSpec, baseDir: string = repoRoot()): Conversation[] {
  if (!Object.prototype.hasOwnProperty.call(READERS, spec.format)) throw new Error(`chat task '${spec.name}': unknown format '${spec.format}' (known: ${Object.keys(READERS).join(", ")})`);
  const reader = READERS[spec.format];
  const file = path.resolve(baseDir, spec.path);
  let convs: Conversation[];
  try {
    convs = reader(file, spec);
  } catch (err) {
    throw new Error(`chat task '${spec.name}' (${spec.format}): ${(err as Error).message}`);
  }
  if (spec.limit !== undefined && spec.format !== "pairs") convs = convs.slice(0, spec.limit);
  return convs.map((c) => ({ ...c, task: spec.name }));
}

/** Hold out ~valShare of the conversations, keeping conversations of one source (a pair line read both ways) on one side. */
function splitVal(convs: Conversation[], valShare: number, rng: Rng): { train: Conversation[]; val: Conversation[] } {
  const groups = new Map<string, Conversation[]>();
  for (const c of convs) {
    const g = groups.get(c.source);
    if (g) g.push(c);
    else groups.set(c.source, [c]);
  }
  const order = shuffleInPlace([...groups.values()], rng);
  const want = convs.length >= 2 && valShare > 0 ? Math.max(1, Math.round(valShare * convs.length)) : 0;
  const val: Conversation[] = [];
  let g = 0;
  // the last group always stays for training
  while (val.length < want && g < order.length - 1) val.push(...order[g++]);
  const train = order.slice(g).flat();
  return { train, val };
}

/** Counts per task that sum to `total` exactly (largest remainder), proportional to the weights. */
function apportion(weights: number[], total: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w / sum) * total);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % byRemainder.length, left--) counts[byRemainder[k][1]]++;
  return counts;
}

/** `n` conversations from `rows`: whole reshuffled passes, then the first part of one more. */
function takeWithRepeats(rows: Conversation[], n: number, rng: Rng): Conversation[] {
  const out: Conversation[] = [];
  if (rows.length === 0) return out;
  while (out.length < n) {
    const pass = shuffleInPlace(rows.slice(), rng);
    out.push(...pass.slice(0, n - out.length));
  }
  return out;
}

export function buildChatMixture(tasks: ChatTaskSpec[], opts: ChatMixtureOptions): ChatMixture {
  if (tasks.length === 0) throw new Error("chat mixture: no tasks");
  if (!(opts.valShare >= 0 && opts.valShare < 1)) throw new Error(`chat mixture: val_share must be in [0, 1), got ${opts.valShare}`);
  const names = new Set<string>();
  for (const t of tasks) {
    if (names.has(t.name)) throw new Error(`chat mixture: task name '${t.name}' is used twice`);
    names.add(t.name);
    if (!(Number.isFinite(t.weight) && t.weight >= 0)) throw new Error(`chat task '${t.name}': weight must be a number ≥ 0, got ${t.weight}`);
  }
  const weightSum = tasks.reduce((a, t) => a + t.weight, 0);
  if (!(weightSum > 0)) throw new Error("chat mixture: all task weights are 0");
  const baseDir = opts.baseDir ?? repoRoot();

  const split = tasks.map((t) => {
    const t0 = Date.now();
    const convs = readChatTask(t, baseDir);
    if (convs.length === 0) throw new Error(`chat task '${t.name}': ${t.path} has no conversations`);
    opts.log?.(`chat task '${t.name}' (${t.format}): ${convs.length.toLocaleString("en-US")} conversations from ${t.path} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return { available: convs.length, ...splitVal(convs, opts.valShare, mulberry32(deriveSeed(opts.seed, `chat-val:${t.name}`))) };
  });
  const total = opts.total ?? split.reduce((a, s) => a + s.train.length, 0);
  if (!(Number.isInteger(total) && total >= 0)) throw new Error(`chat mixture: total must be a whole number ≥ 0, got ${total}`);
  const counts = apportion(
    tasks.map((t) => t.weight),
    total,
  );

  const train: Conversation[] = [];
  const val: Conversation[] = [];
  const perTask: ChatTaskStats[] = tasks.map((t, i) => {
    const s = split[i];
    const picked = takeWithRepeats(s.train, counts[i], mulberry32(deriveSeed(opts.seed, `chat-train:${t.name}`)));
    train.push(...picked);
    val.push(...s.val);
    return { name: t.name, format: t.format, available: s.available, train: picked.length, val: s.val.length, weight: t.weight / weightSum, epochs: s.train.length ? picked.length / s.train.length : 0 };
  });
  shuffleInPlace(train, mulberry32(deriveSeed(opts.seed, "chat-mixture")));
  return { train, val, perTask };
}
