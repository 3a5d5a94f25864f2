// Load and validate a config: YAML (parsed with parseDocument, so errors can carry line numbers) →
// the one JSON schema (ajv) → cross-field checks → defaults → a typed NanozhConfig.
// Errors name the file and the field path: `configs/x.yaml: model.depth: must be integer (line 4)`,
// `configs/x.yaml: training.foo: unknown field (line 9)`. All problems are reported at once.
// Relative data paths resolve against the repository root (not the config's folder), so a config can
// move between configs/ and a notebook folder without changing its paths.
import fs from "node:fs";
import path from "node:path";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import { LineCounter, isMap, isPair, isScalar, parseDocument, type Document } from "yaml";
import { lookupGpu } from "../sizing";
import { repoRoot } from "../util/paths";
import { CHAT_DEFAULTS, DATA_DEFAULTS, HARDWARE_DEFAULTS, TOKENIZER_DEFAULTS, trainingDefaults } from "./defaults";
import { CONFIG_SCHEMA } from "./schema";
import type { ChatConfig, ChatTaskConfig, NanozhConfig, SourceEntry } from "./types";

export interface ConfigIssue {
  /** dotted field path, e.g. data.mix[0].weight ("" for the whole document) */
  field: string;
  message: string;
  line?: number;
}

export class ConfigError extends Error {
  constructor(
    public readonly file: string,
    public readonly issues: ConfigIssue[],
  ) {
    super(issues.map((i) => `${file}: ${i.field ? i.field + ": " : ""}${i.message}${i.line ? ` (line ${i.line})` : ""}`).join("\n"));
    this.name = "ConfigError";
  }
}

type Segment = string | number;

// Compiled on first use, not at import: every command that imports lib/config would pay for it.
let validateSchema: ValidateFunction | undefined;
function schemaValidator(): ValidateFunction {
  validateSchema ??= new Ajv({ allErrors: true, strict: true }).compile(CONFIG_SCHEMA);
  return validateSchema;
}

function fieldName(segs: Segment[]): string {
  let s = "";
  for (const seg of segs) s += typeof seg === "number" ? `[${seg}]` : s ? `.${seg}` : seg;
  return s;
}

function segments(instancePath: string): Segment[] {
  return instancePath
    .split("/")
    .slice(1)
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

function ajvIssues(errors: ErrorObject[]): { segs: Segment[]; message: string; key?: boolean }[] {
  // A failed oneOf reports every branch; keep only the oneOf summary.
  const oneOfPaths = new Set(errors.filter((e) => e.keyword === "oneOf").map((e) => e.instancePath));
  // An ill-typed value makes the other keywords at its path (multipleOf, minimum …) noise.
  const typePaths = new Set(errors.filter((e) => e.keyword === "type").map((e) => e.instancePath));
  errors = errors.filter((e) => e.keyword === "type" || !typePaths.has(e.instancePath) || e.keyword === "oneOf");
  const out: { segs: Segment[]; message: string; key?: boolean }[] = [];
  for (const e of errors) {
    const segs = segments(e.instancePath);
    if (e.keyword !== "oneOf" && [...oneOfPaths].some((p) => e.instancePath === p && e.schemaPath.includes("/oneOf/"))) continue;
    switch (e.keyword) {
      case "additionalProperties":
        out.push({ segs: [...segs, (e.params as { additionalProperty: string }).additionalProperty], message: "unknown field", key: true });
        break;
      case "required":
        out.push({ segs: [...segs, (e.params as { missingProperty: string }).missingProperty], message: "required field missing" });
        break;
      case "enum":
        out.push({ segs, message: `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(", ")}` });
        break;
      case "oneOf":
        out.push({ segs, message: "must be 'nanochat', 'none' or a list of token strings" });
        break;
      default:
        out.push({ segs, message: e.message ?? e.keyword });
    }
  }
  return out;
}

/** 1-based line of a field (its key for unknown fields) in the YAML document, when found. */
function lineOf(doc: Document | undefined, lc: LineCounter | undefined, segs: Segment[], key = false): number | undefined {
  if (!doc || !lc) return undefined;
  let node: unknown = doc.contents;
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i];
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      if (i === segs.length - 1 && key && isScalar(pair.key) && pair.key.range) return lc.linePos(pair.key.range[0]).line;
      node = pair.value ?? pair.key;
    } else if (node && typeof node === "object" && "items" in node && Array.isArray((node as { items: unknown[] }).items) && typeof seg === "number") {
      node = (node as { items: unknown[] }).items[seg];
    } else break;
  }
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? lc.linePos(range[0]).line : undefined;
}

function fileLabel(file: string): string {
  const abs = path.resolve(file);
  try {
    const rel = path.relative(repoRoot(), abs);
    if (!rel.startsWith("..") && !path.isAbsolute(rel)) return rel.split(path.sep).join("/");
  } catch {
    // outside any checkout: keep the path as given
  }
  return file;
}

function resolveDataPath(p: string): string {
  return path.isAbsolute(p) ? p : path.resolve(repoRoot(), p);
}

function check(obj: unknown, label: string, doc?: Document, lc?: LineCounter): NanozhConfig {
  const issues: ConfigIssue[] = [];
  const add = (segs: Segment[], message: string, key = false) => issues.push({ field: fieldName(segs), message, line: lineOf(doc, lc, segs, key) });
  const validate = schemaValidator();
  if (!validate(obj)) {
    for (const i of ajvIssues(validate.errors ?? [])) add(i.segs, i.message, i.key);
    throw new ConfigError(label, issues);
  }
  // The schema passed, so the shape is known.
  const raw = obj as {
    name: string;
    description?: string;
    model: { depth: number; vocab_size: number; max_seq_len?: number; n_embd?: number; n_head?: number; n_kv_head?: number };
    training?: Record<string, number>;
    hardware?: { gpu?: string; gpus?: number; mfu?: number; usd_per_gpu_hour?: number };
    tokenizer: { vocab_size: number; pattern?: string; specials?: string | string[]; max_chars?: number; doc_cap?: number };
    data: {
      chars_per_shard?: number;
      margin?: number;
      seed?: number;
      val_docs?: number;
      shards?: string;
      mix: { lang: string; weight: number; chars_per_token: number; bytes_per_char?: number }[];
      sources: Omit<SourceEntry, "resolved_path">[];
    };
    chat?: Partial<Omit<ChatConfig, "tasks">> & { num_iterations: number; tasks: Omit<ChatTaskConfig, "resolved_path">[] };
  };
  const td = trainingDefaults(raw.model.depth);
  const { max_seq_len: defaultSeq, ...trainingDefaultsOnly } = td;
  const training = { ...trainingDefaultsOnly, ...(raw.training ?? {}) };
  const hw = { ...HARDWARE_DEFAULTS, ...(raw.hardware ?? {}) };
  const cfg: NanozhConfig = {
    name: raw.name,
    description: raw.description ?? "",
    model: { ...raw.model, max_seq_len: raw.model.max_seq_len ?? defaultSeq },
    training,
    hardware: hw,
    tokenizer: { ...TOKENIZER_DEFAULTS, ...raw.tokenizer },
    data: {
      ...DATA_DEFAULTS,
      ...raw.data,
      mix: raw.data.mix.map((m) => ({ ...m })),
      sources: raw.data.sources.map((s) => ({ ...s, resolved_path: resolveDataPath(s.path) })),
      ...(raw.data.shards !== undefined ? { resolved_shards: resolveDataPath(raw.data.shards) } : {}),
    },
    file: label,
  };
  if (raw.chat) {
    const c = raw.chat;
    const mode = c.mode ?? CHAT_DEFAULTS.mode;
    const B = c.device_batch_size ?? training.device_batch_size;
    cfg.chat = {
      ...c,
      mode,
      device_batch_size: B,
      target_examples_per_step: c.target_examples_per_step ?? B,
      max_seq_len: c.max_seq_len ?? cfg.model.max_seq_len,
      eval_every: c.eval_every ?? CHAT_DEFAULTS.eval_every,
      val_share: c.val_share ?? CHAT_DEFAULTS.val_share,
      seed: c.seed ?? CHAT_DEFAULTS.seed,
      tasks: c.tasks.map((t) => ({ ...t, resolved_path: resolveDataPath(t.path) })),
    };
  }

  if (cfg.tokenizer.vocab_size !== cfg.model.vocab_size)
    add(["tokenizer", "vocab_size"], `must equal model.vocab_size (${cfg.model.vocab_size}), got ${cfg.tokenizer.vocab_size}`);
  {
    const m = cfg.model;
    const nEmbd = m.n_embd ?? 64 * m.depth;
    const nHead = m.n_head ?? Math.max(1, Math.ceil(nEmbd / 128));
    const nKv = m.n_kv_head ?? nHead;
    const field = m.n_head !== undefined ? "n_head" : "n_embd";
    if (nEmbd % nHead !== 0) add(["model", field], `n_embd ${nEmbd} is not divisible by n_head ${nHead}`);
    else if ((nEmbd / nHead) % 2 !== 0) add(["model", field], `head_dim n_embd/n_head = ${nEmbd / nHead} must be even (rotary embeddings)`);
    if (nKv > nHead || nHead % nKv !== 0) add(["model", "n_kv_head"], `must divide n_head (${nHead}), got ${nKv}`);
  }
  if (hw.gpu.toLowerCase() === "cpu") {
    cfg.hardware.gpu = "cpu";
  } else {
    try {
      cfg.hardware.gpu = lookupGpu(hw.gpu).name;
    } catch (e) {
      add(["hardware", "gpu"], (e as Error).message);
    }
    if (hw.gpus < 1) add(["hardware", "gpus"], `must be ≥ 1 with gpu ${hw.gpu} (0 only with gpu: cpu)`);
  }
  const world = Math.max(1, hw.gpus);
  const perStep = training.device_batch_size * cfg.model.max_seq_len * world;
  if (training.total_batch_size % perStep !== 0)
    add(
      ["training", "total_batch_size"],
      `${training.total_batch_size} is not a multiple of device_batch_size·max_seq_len·gpus = ${training.device_batch_size}·${cfg.model.max_seq_len}·${world} = ${perStep} (grad_accum must be exact)`,
    );
  const sumMix = cfg.data.mix.reduce((a, m) => a + m.weight, 0);
  if (Math.abs(sumMix - 1) > 1e-6) add(["data", "mix"], `weights (by tokens) must sum to 1, got ${+sumMix.toFixed(6)}`);
  const mixLangs = new Set<string>();
  cfg.data.mix.forEach((m, i) => {
    if (mixLangs.has(m.lang)) add(["data", "mix", i, "lang"], `'${m.lang}' appears twice`);
    mixLangs.add(m.lang);
  });
  const sumSrc = cfg.data.sources.reduce((a, s) => a + s.weight, 0);
  if (Math.abs(sumSrc - 1) > 1e-6) add(["data", "sources"], `weights (by characters) must sum to 1, got ${+sumSrc.toFixed(6)}`);
  const names = new Set<string>();
  cfg.data.sources.forEach((s, i) => {
    if (names.has(s.name)) add(["data", "sources", i, "name"], `'${s.name}' appears twice`);
    names.add(s.name);
    if (!mixLangs.has(s.lang)) add(["data", "sources", i, "lang"], `'${s.lang}' is not a language of data.mix (${[...mixLangs].join(", ")})`);
  });
  if (cfg.chat) chatIssues(cfg.chat, cfg.model.max_seq_len, add);
  if (issues.length) throw new ConfigError(label, issues);
  return cfg;
}

/** Cross-field rules of the chat block (lib/chat sft). */
function chatIssues(c: ChatConfig, modelSeqLen: number, add: (segs: Segment[], message: string) => void): void {
  if (c.max_seq_len > modelSeqLen) add(["chat", "max_seq_len"], `must be ≤ model.max_seq_len (${modelSeqLen}), got ${c.max_seq_len}`);
  if (c.target_examples_per_step % c.device_batch_size !== 0)
    add(["chat", "target_examples_per_step"], `${c.target_examples_per_step} is not a multiple of chat.device_batch_size ${c.device_batch_size}`);
  const sum = c.tasks.reduce((a, t) => a + t.weight, 0);
  if (Math.abs(sum - 1) > 1e-6) add(["chat", "tasks"], `weights (shares of the training conversations) must sum to 1, got ${+sum.toFixed(6)}`);
  const names = new Set<string>();
  c.tasks.forEach((t, i) => {
    if (names.has(t.name)) add(["chat", "tasks", i, "name"], `'${t.name}' appears twice`);
    names.add(t.name);
    if (t.directions !== undefined && t.format !== "pairs") add(["chat", "tasks", i, "directions"], `only for format pairs (this task is ${t.format})`);
    if (t.benchmark !== undefined && t.format !== "mc-dev") add(["chat", "tasks", i, "benchmark"], `only for format mc-dev (this task is ${t.format})`);
    if (t.format === "mc-dev" && t.benchmark === undefined) add(["chat", "tasks", i, "benchmark"], `required for format mc-dev (ceval or cmmlu)`);
  });
}

/** Validate a parsed object (no line numbers); returns the typed config with defaults applied. */
export function validateConfig(obj: unknown, fileLabel = "<config>"): NanozhConfig {
  return check(obj, fileLabel);
}

/** Parse YAML text and validate it; errors carry line numbers. */
export function parseConfig(text: string, fileLabel = "<config>"): NanozhConfig {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    throw new ConfigError(
      fileLabel,
      doc.errors.map((e) => ({ field: "", message: `YAML: ${e.message.split("\n")[0]}`, line: lc.linePos(e.pos[0]).line })),
    );
  }
  return check(doc.toJS(), fileLabel, doc, lc);
}

/** Read, parse and validate a config file. */
export function loadConfig(file: string): NanozhConfig {
  const label = fileLabel(file);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new ConfigError(label, [{ field: "", message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }]);
  }
  return parseConfig(text, label);
}
