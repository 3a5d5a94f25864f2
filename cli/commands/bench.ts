// nanozh bench train: training tokens/s of a model shape on random tokens — full steps (forward,
// backward, AdamW + Muon) after untimed warm-up steps — on the chosen backend and engine.
//   nanozh bench train --n-layer L --n-embd D --n-head H --vocab V --seq T --batch B
//                      [--n-kv-head K] [--steps S] [--warmup W] [--backend NAME] [--engine local|workers] [--workers N] [--json]
import { parseOptions, numberOption, printJson } from "../args";
import { validateConfig } from "../../lib/model/config";
import { measureTrainSpeed, type EngineKind } from "../../lib/train/trainSpeed";

const HELP = `usage: nanozh bench train --n-layer L --n-embd D --n-head H --vocab V --seq T --batch B
                         [--n-kv-head K] [--steps S] [--warmup W] [--backend NAME]
                         [--engine local|workers] [--workers N] [--json]
  Times S full training steps (default 3) after W untimed warm-up steps (default 1) on random tokens.
  --engine workers: data parallel over N worker threads (default 2) with a shared gradient average.
  Prints tokens/s, MFU (against this backend's measured plain-matmul FLOP/s × threads) and peak RSS.`;

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (!sub || sub === "--help" || sub === "-h") {
    process.stdout.write(HELP + "\n");
    return sub ? 0 : 2;
  }
  if (sub !== "train") throw new Error(`unknown benchmark '${sub}'; known: train`);
  const { values } = parseOptions(rest, {
    "n-layer": { type: "string" },
    "n-embd": { type: "string" },
    "n-head": { type: "string" },
    "n-kv-head": { type: "string" },
    vocab: { type: "string" },
    seq: { type: "string" },
    batch: { type: "string" },
    steps: { type: "string" },
    warmup: { type: "string" },
    backend: { type: "string" },
    engine: { type: "string" },
    workers: { type: "string" },
    json: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    process.stdout.write(HELP + "\n");
    return 0;
  }
  const int = (flag: string, dflt?: number, min = 1): number => {
    const v = numberOption(values[flag as keyof typeof values] as string | undefined, flag, { integer: true, min });
    if (v === undefined && dflt === undefined) throw new Error(`--${flag} is required`);
    return (v ?? dflt) as number;
  };
  const nHead = int("n-head");
  const cfg = validateConfig(
    {
      n_layer: int("n-layer"),
      n_embd: int("n-embd"),
      n_head: nHead,
      n_kv_head: int("n-kv-head", nHead),
      vocab_size: int("vocab"),
      sequence_len: int("seq"),
    },
    "nanozh bench train",
  );
  const engine = (values.engine ?? "local") as EngineKind;
  if (engine !== "local" && engine !== "workers") throw new Error(`--engine: '${values.engine}' is not one of local, workers`);
  const res = await measureTrainSpeed({
    cfg,
    batch: int("batch"),
    steps: int("steps", 3),
    warmup: int("warmup", 1, 0),
    backend: values.backend,
    engine,
    workers: int("workers", 2),
    onStep: values.json ? undefined : (i, s, loss) => process.stderr.write(`step ${i + 1}: ${s.toFixed(2)} s, loss ${loss.toFixed(3)}\n`),
  });
  if (values.json) printJson(res);
  else {
    process.stdout.write(
      `${res.engine} on ${res.backend}: ${res.tokens_per_s.toFixed(0)} tokens/s, MFU ${(100 * res.mfu).toFixed(1)}% ` +
        `(matmul peak ${res.matmul_peak_gflops.toFixed(1)} GFLOP/s × ${res.threads}), peak RSS ${res.peak_rss_mb.toFixed(0)} MB\n`,
    );
  }
  return 0;
}
