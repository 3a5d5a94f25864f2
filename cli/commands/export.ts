// nanozh export nanochat — a config's run as a nanochat run kit (lib/export exportNanochatKit).
import { numberOption, parseOptions, printJson, requireOption } from "../args";
import { exportNanochatKit } from "../../lib/export/kit";

const USAGE = `usage: nanozh export nanochat --config configs/NAME.yaml --out KIT [options]

  --config FILE      project config (model, training, hardware, tokenizer, data, optional chat block)
  --out KIT          the kit folder (written beside it and renamed into place when complete)
  --small            a few shards from the data at hand (chars_per_shard scaled down), the tokenizer
                     trained on at most 2M characters: a kit to check that a run starts
  --full             the shard planner's shards at the config's chars_per_shard (default)
  --gpus N           GPUs per node (default: the config's hardware.gpus; 1 for a CPU config)
  --nodes N          nodes (torchrun c10d rendezvous; default 1)
  --tokenizer DIR    use this tokenizer folder instead of training one on the kit's shards
  --overwrite        replace an existing kit at KIT
  --json             print kit.json instead of the summary`;

export async function run(argv: string[]): Promise<number> {
  const [target, ...rest] = argv;
  if (target === "--help" || target === "-h" || target === undefined) {
    process.stdout.write(USAGE + "\n");
    return target === undefined ? 2 : 0;
  }
  if (target !== "nanochat") throw new Error(`export: unknown target '${target}' (known: nanochat)\n\n${USAGE}`);
  const { values } = parseOptions(rest, {
    config: { type: "string" },
    out: { type: "string" },
    small: { type: "boolean" },
    full: { type: "boolean" },
    gpus: { type: "string" },
    nodes: { type: "string" },
    tokenizer: { type: "string" },
    overwrite: { type: "boolean" },
    json: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    process.stdout.write(USAGE + "\n");
    return 0;
  }
  if (values.small && values.full) throw new Error("--small and --full: give one");
  const s = await exportNanochatKit({
    config: requireOption(values.config, "config"),
    out: requireOption(values.out, "out"),
    mode: values.small ? "small" : "full",
    gpus: numberOption(values.gpus, "gpus", { integer: true, positive: true }),
    nodes: numberOption(values.nodes, "nodes", { integer: true, positive: true }),
    tokenizer: values.tokenizer,
    overwrite: values.overwrite,
  });
  if (values.json) {
    printJson(s);
    return 0;
  }
  const p = s.plan;
  const gb = (b: number) => (b / 1e9 < 0.01 ? `${(b / 1e6).toFixed(2)} MB` : `${(b / 1e9).toFixed(2)} GB`);
  const hours = (h: number) => (h < 1 ? `${(h * 60).toFixed(1)} min` : `${h.toFixed(1)} h`);
  process.stdout.write(
    [
      `${s.config.name}: nanochat kit (${s.mode}) in ${s.out}, nanochat ${s.nanochat.commit.slice(0, 7)}, ${s.topology.nodes} node(s) × ${s.topology.gpusPerNode} GPU(s)`,
      `  model     d${p.depth}, ${(p.params / 1e6).toFixed(1)}M parameters, ${p.iterations.toLocaleString("en-US")} iterations × ${p.total_batch_size.toLocaleString("en-US")} tokens, device batch ${p.device_batch_size}, grad accum ${p.grad_accum}`,
      `  time      ${hours(p.hours)} on ${p.world}× ${p.gpu} ($${p.cost_usd.toFixed(0)}); one ${p.single.gpu}: ${hours(p.single.hours)} at device batch ${p.single.device_batch_size ?? "none fits"}`,
      `  memory    ≈ ${p.memory_gib.toFixed(1)} GiB per GPU of ${p.gpu_memory_gib}`,
      `  shards    ${s.shards.written} written (${gb(s.shards.file_bytes)}), plan ${s.shards.planned} (≈ ${p.download_gb.toFixed(2)} GB)`,
      `  tokenizer ${s.tokenizer.vocab_size.toLocaleString("en-US")} tokens (${s.tokenizer.source})`,
      `  chats     ${s.identity.conversations} conversations in identity_conversations.jsonl`,
      `  took      ${s.seconds.toFixed(1)} s`,
      `run: bash ${s.run_sh}`,
    ].join("\n") + "\n",
  );
  return 0;
}
