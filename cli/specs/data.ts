// The specs of the data commands: normalize, clean, dedup, shard, mix.
import { CONFIG, JSON_OUT, OVERWRITE } from "../options";
import { command, options } from "../spec";

const SWAP_OVERWRITE = options({
  overwrite: {
    ...OVERWRITE.overwrite,
    help: "replace existing shards in --out (the new set is written in a folder beside\nit and swapped in whole when complete: a failed or killed run leaves the old set)",
  },
});

const LINES_IN = options({
  in: { type: "path", arg: "FILE", required: true, help: "JSONL (one object per line) or text (one document per line)" },
  field: { type: "string", arg: "NAME", default: "text", help: "the text field of JSONL records" },
  "skip-bad": { type: "boolean", help: "skip malformed lines (counted) instead of stopping at file:line" },
});

export const NORMALIZE = command({
  name: "normalize",
  summary: "Chinese text normalisation, stdin to stdout",
  usage: "[--t2s|--s2t|--tw|--twp|--hk|--opencc CONFIG] [--width] [--punct-between-han] [--hygiene] [--join-lines] < in > out",
  options: {
    t2s: { type: "boolean", help: "Traditional → Simplified (OpenCC t2s)" },
    s2t: { type: "boolean", help: "Simplified → Traditional (OpenCC s2t)" },
    tw: { type: "boolean", help: "Simplified → Taiwan (s2tw)" },
    twp: { type: "boolean", help: "Simplified → Taiwan with phrases (s2twp)" },
    hk: { type: "boolean", help: "Simplified → Hong Kong (s2hk)" },
    opencc: {
      type: "enum",
      arg: "CONFIG",
      choices: ["s2t", "t2s", "s2tw", "s2twp", "tw2s", "tw2sp", "s2hk", "s2hkp", "hk2s", "hk2sp", "t2tw", "t2hk", "tw2t", "hk2t", "jp2t", "t2jp"],
      help: "any OpenCC config: s2t t2s s2tw s2twp tw2s tw2sp s2hk s2hkp hk2s hk2sp t2tw t2hk tw2t hk2t jp2t t2jp",
    },
    width: { type: "boolean", help: "full-width letters/digits/space → half-width; Chinese punctuation stays" },
    "punct-between-han": { type: "boolean", help: "also half-width , . ! ? : ; between Han → full-width (implies --width)" },
    hygiene: { type: "boolean", help: "BOM, zero-width and control characters, newlines, spaces, indentation, blank lines" },
    "join-lines": { type: "boolean", help: "join hard-wrapped lines (paragraphs = blank or indented lines)" },
  },
  notes:
    "Streams: output is written line by line as input arrives (--join-lines holds one paragraph).\n" +
    "Invalid UTF-8 is replaced by U+FFFD; the count and the first byte offset go to stderr.",
});

export const CLEAN = command({
  name: "clean",
  summary: "quality filters; kept and rejected documents (with the rule)",
  options: {
    ...LINES_IN,
    out: { type: "path", arg: "KEPT.jsonl", required: true, help: "kept documents (written atomically)" },
    rejects: { type: "path", arg: "REJECTS.jsonl", required: true, help: "rejected documents with the rule, measured value and threshold" },
    normalize: { type: "boolean", help: "normalise first (t2s, width, hygiene)" },
  },
});

export const DEDUP = command({
  name: "dedup",
  summary: "exact and MinHash near-duplicate removal",
  options: {
    ...LINES_IN,
    out: { type: "path", arg: "KEPT.jsonl", required: true, help: "kept documents (written atomically)" },
    dups: { type: "path", arg: "DUPS.jsonl", help: "duplicates, each with the line it duplicates" },
    threshold: { type: "number", min: 0, max: 1, minExclusive: true, maxExclusive: true, default: 0.8, help: "MinHash Jaccard similarity of a near duplicate" },
    ngram: { type: "int", min: 1, max: 1000, default: 5, help: "characters per shingle" },
    "num-perm": { type: "int", min: 1, max: 65536, default: 128, help: "MinHash permutations" },
    "no-exact": { type: "boolean", help: "skip the exact-duplicate pass" },
  },
  notes: "Near duplicates: MinHash over character n-grams, LSH bands × rows chosen from the threshold.",
});

export const SHARD = command({
  name: "shard",
  summary: "write nanochat-format parquet shards",
  options: {
    in: { type: "path", arg: "PATH", required: true, repeatable: true, help: "file, folder or glob (quote globs); repeatable" },
    format: { type: "enum", arg: "F", choices: ["txt", "jsonl", "csv", "json", "parquet"], help: "txt | jsonl | csv | json | parquet (default: from each file's extension)" },
    field: { type: "string", arg: "NAME", help: "JSONL/JSON dotted path, CSV column or parquet column (default: text)" },
    "text-mode": { type: "enum", arg: "M", choices: ["line", "paragraph", "file"], help: "txt only: line (default) | paragraph | file" },
    "skip-bad": { type: "boolean", help: "skip malformed records (counted) instead of stopping" },
    out: { type: "path", arg: "DIR", required: true, help: "output folder for shard_00000.parquet … and manifest.json" },
    "chars-per-shard": { type: "int", min: 1, max: 1e15, help: "characters before a shard may close (default 250,000,000; closes on a multiple of 1,024 docs)" },
    compression: { type: "enum", arg: "C", choices: ["zstd", "snappy", "gzip", "none"], help: "zstd (default) | snappy | gzip | none" },
    ...SWAP_OVERWRITE,
    json: { ...JSON_OUT.json, help: "print the manifest as JSON" },
  },
});

export const MIX = command({
  name: "mix",
  summary: "weighted source mixture → shuffled shards + validation shard",
  options: {
    config: { ...CONFIG.config, help: "project config (data.sources with weights by characters, data.val_docs, …)" },
    out: { type: "path", arg: "DIR", required: true, help: "output folder for shard_*.parquet and manifest.json" },
    "target-chars": { type: "int", min: 1, max: 1e15, help: "characters to write, train + val (default: the config's shard plan, with margin)" },
    "max-repeat": { type: "number", min: 0, max: 1e6, minExclusive: true, help: "most epochs of a small source when upsampling (default 4)" },
    seed: { type: "int", min: 0, max: 2 ** 32 - 1, help: "shuffle / sampling seed (default: data.seed)" },
    ...SWAP_OVERWRITE,
    json: { ...JSON_OUT.json, help: "print the manifest as JSON" },
  },
});
