// nanozh — the command line over the library's front doors: parse, call, print.
// Each command lives in cli/commands/<name>.ts and exports `run(argv): Promise<number>` (exit code).
import { exitQuietlyOnEpipe, isEpipe } from "./epipe";

interface CommandEntry {
  summary: string;
  load: () => Promise<{ run: (argv: string[]) => Promise<number> }>;
}

const COMMANDS: Record<string, CommandEntry> = {
  size: { summary: "model size, FLOPs, tokens, iterations, hours and cost for a depth", load: () => import("./commands/size") },
  shards: { summary: "tokens → characters → bytes → nanochat shards", load: () => import("./commands/shards") },
  recommend: { summary: "the guide's §5.2 decision tree: budget and hardware in, a plan out", load: () => import("./commands/recommend") },
  normalize: { summary: "Chinese text normalisation, stdin to stdout", load: () => import("./commands/normalize") },
  clean: { summary: "quality filters; kept and rejected documents (with the rule)", load: () => import("./commands/clean") },
  dedup: { summary: "exact and MinHash near-duplicate removal", load: () => import("./commands/dedup") },
  shard: { summary: "write nanochat-format parquet shards", load: () => import("./commands/shard") },
  mix: { summary: "weighted source mixture → shuffled shards + validation shard", load: () => import("./commands/mix") },
  tok: { summary: "tokenizer: train, encode, decode, eval, bench", load: () => import("./commands/tok") },
  parity: { summary: "GPT and optimizers against nanochat's fixtures (logits, grads, steps, greedy)", load: () => import("./commands/parity") },
  train: { summary: "pretrain a GPT from a config (nanochat base_train): model folder, log, bpb vs n-gram baselines", load: () => import("./commands/train") },
  sample: { summary: "generate text from a trained model folder, streamed to stdout", load: () => import("./commands/sample") },
  sft: { summary: "fine-tune a model on conversations (nanochat chat_sft / mid_train): masked SFT or all-token mid-training", load: () => import("./commands/sft") },
  chat: { summary: "chat with a fine-tuned model (streamed; stops at <|assistant_end|>)", load: () => import("./commands/chat") },
  eval: { summary: "C-EVAL / CMMLU: log-likelihood scores per subject and category, 95% intervals, vs 25% guessing", load: () => import("./commands/eval") },
  bench: { summary: "training tokens/s of a model shape (bench train), MFU and peak memory", load: () => import("./commands/bench") },
  report: { summary: "rebuild the report card out/report.md from out/", load: () => import("./commands/report") },
  export: { summary: "export nanochat: a run kit (shards, tokenizer.pkl, token_bytes.pt, conversations, run.sh, README) for torchrun", load: () => import("./commands/export") },
  import: { summary: "import nanochat: a nanochat checkpoint (model_<step>.pt + meta) as a model folder", load: () => import("./commands/import") },
  "nanochat-log": { summary: "nanochat base_train log (and report.md) → step/bpb/CORE tables, loss and MFU plots", load: () => import("./commands/nanochatLog") },
};

function usage(): string {
  const lines = ["usage: nanozh <command> [options]   (nanozh <command> --help for its options)", "", "commands:"];
  for (const [name, c] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(10)} ${c.summary}`);
  return lines.join("\n");
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(usage() + "\n");
    return name ? 0 : 2;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    process.stderr.write(`nanozh: unknown command '${name}'\n\n${usage()}\n`);
    return 2;
  }
  let mod: { run: (argv: string[]) => Promise<number> };
  try {
    mod = await entry.load();
  } catch (err) {
    process.stderr.write(`nanozh ${name}: not available in this build (${(err as Error).message})\n`);
    return 2;
  }
  exitQuietlyOnEpipe(); // `nanozh … | head`: a closed stdout ends the command quietly
  try {
    return await mod.run(rest);
  } catch (err) {
    if (isEpipe(err)) return 0;
    const e = err as Error;
    process.stderr.write(`nanozh ${name}: ${e.message}\n`);
    if (process.env.NANOZH_DEBUG) process.stderr.write(`${e.stack}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`nanozh: ${(err as Error).stack}\n`);
    process.exitCode = 1;
  },
);
