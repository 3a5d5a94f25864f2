// The specs of the planning commands: size, shards, recommend.
import { MAX_DEPTH, MAX_VOCAB, MIN_VOCAB } from "../../lib/sizing/limits";
import { MIN_DEVICE_BATCH, PURPOSE_HOURS } from "../../lib/sizing/recommend";
import { JSON_OUT } from "../options";
import { command, options } from "../spec";

const SHAPE = options({
  depth: { type: "int", min: 2, max: MAX_DEPTH, help: "model depth (even)" },
  vocab: { type: "int", arg: "V", min: MIN_VOCAB, max: MAX_VOCAB, help: `vocabulary size (${MIN_VOCAB} = 256 bytes + 9 specials … 2^31 − 1)` },
  ratio: { type: "number", arg: "R", min: 0, minExclusive: true, max: 1e6, help: "training tokens per parameter" },
});

const MFU = options({ mfu: { type: "number", arg: "F", min: 0, minExclusive: true, max: 1, help: "model FLOPs utilisation, a fraction of peak" } });
const PRICE = options({ price: { type: "number", arg: "USD", min: 0, max: 1e6, help: "USD per GPU-hour" } });
const CONFIG_FILE = options({ config: { type: "path", arg: "FILE", help: "take the defaults from a config file; flags override" } });

export const SIZE = command({
  name: "size",
  summary: "model size, FLOPs, tokens, iterations, hours and cost for a depth",
  usage: "--depth N [options]\n       nanozh size --guide [--json]",
  options: {
    ...SHAPE,
    "total-batch": { type: "int", arg: "B", min: 1, max: 1e15, help: "tokens per optimizer step" },
    seq: { type: "int", arg: "T", min: 1, max: 1_048_576, help: "sequence length" },
    gpu: { type: "string", arg: "NAME", help: "GPU model (H100, A100, 4090, …)" },
    gpus: { type: "int", arg: "K", min: 1, max: 1_000_000, help: "GPUs" },
    ...MFU,
    price: { ...PRICE.price, help: "USD per GPU-hour; the node costs price × gpus per hour (guide: $3 = $24/h ÷ 8)" },
    "device-batch": { type: "int", min: 1, max: 1_000_000, help: "sequences per GPU per micro-step" },
    iterations: { type: "int", min: 1, max: 1e15, help: "optimizer steps (default: from the ratio)" },
    ...CONFIG_FILE,
    guide: { type: "boolean", help: "the guide's §1.2 table beside the computed one" },
    ...JSON_OUT,
  },
  notes:
    "Defaults: vocab 65536, ratio 20, total batch 524288, seq 2048, 8× H100, MFU 0.4, $3/GPU-h;\n" +
    "--config takes them from a config file, flags override. Counts print exactly; beyond 2^53 in scientific form.",
});

export const SHARDS = command({
  name: "shards",
  summary: "tokens → characters → bytes → nanochat shards",
  usage:
    "(--depth N [--vocab V] [--ratio R] | --params P [--ratio R] | --tokens T)\n" +
    "                     (--chars-per-token C [--lang L] | --mix lang=weight:charsPerToken,...) [--margin M]\n" +
    "                     [--chars-per-shard N] [--json]\n" +
    "       nanozh shards --config FILE [--margin M] [--json]\n" +
    "       nanozh shards --scenarios [--json]",
  options: {
    ...SHAPE,
    params: { type: "number", arg: "P", min: 0, minExclusive: true, max: 1e36, help: "parameters (instead of --depth)" },
    tokens: { type: "number", arg: "T", min: 0, minExclusive: true, max: 1e36, help: "training tokens (instead of --depth / --params)" },
    "chars-per-token": { type: "number", arg: "C", min: 0, minExclusive: true, max: 1000, help: "characters per token of the tokenizer on the corpus" },
    lang: { type: "string", arg: "L", help: "the corpus language (for its UTF-8 bytes per char)" },
    mix: {
      type: "string",
      arg: "lang=w:cpt,...",
      help: "weights are shares of the training TOKENS and must sum to 1, e.g. --mix zh=0.7:1.4,en=0.3:4.8\n(an optional 4th field is UTF-8 bytes per char)",
    },
    margin: { type: "number", arg: "M", min: 0, max: 100, help: "headroom, a fraction (default 0.1)" },
    "chars-per-shard": { type: "int", min: 1, max: 1e15, help: "characters per shard (default 250,000,000)" },
    config: { ...CONFIG_FILE.config, help: "the config's depth, vocab, ratio, data.mix and margin" },
    scenarios: { type: "boolean", help: "the guide's §4 scenarios, as printed and recomputed" },
    ...JSON_OUT,
  },
});

export const RECOMMEND = command({
  name: "recommend",
  summary: "the guide's §5.2 decision tree: budget and hardware in, a plan out",
  options: {
    budget: { type: "number", arg: "USD", required: true, min: 0, max: 1e12, help: "money for the run" },
    gpu: { type: "string", arg: "NAME", help: "GPU model (needed when --gpus > 0)" },
    gpus: { type: "int", arg: "K", required: true, min: 0, max: 1_000_000, help: "GPUs; 0 asks for the CPU-only answer" },
    corpus: { type: "enum", required: true, choices: ["zh", "en", "mixed"], help: "the training text" },
    purpose: { type: "enum", required: true, choices: ["learn", "prototype", "production"], help: "what the model is for" },
    hours: {
      type: "number",
      arg: "H",
      min: 0,
      minExclusive: true,
      max: 1e6,
      help: `time budget in training hours (default by purpose: learn ${PURPOSE_HOURS.learn}, prototype ${PURPOSE_HOURS.prototype}, production ${PURPOSE_HOURS.production})`,
    },
    ...MFU,
    price: { ...PRICE.price, help: "USD per GPU-hour (default 3; 0 for your own card)" },
    ...JSON_OUT,
  },
  notes: `The depth must also fit the card's memory at device_batch_size ≥ ${MIN_DEVICE_BATCH}.`,
});
