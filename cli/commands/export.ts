// nanozh export nanochat — a config's run as a nanochat run kit (lib/export exportNanochatKit).
// Options and help: cli/specs/nanochat.ts (EXPORT_NANOCHAT).
import { printJson } from "../args";
import { parse, subcommand, UsageError } from "../spec";
import { EXPORT_GROUP, EXPORT_NANOCHAT } from "../specs/nanochat";
import { exportNanochatKit } from "../../lib/export/kit";

export async function run(argv: string[]): Promise<number> {
  const sub = subcommand(EXPORT_GROUP, argv);
  if (!sub) return 0;
  const args = parse(EXPORT_NANOCHAT, sub[1]);
  if (!args) return 0;
  const values = args.values;
  if (values.small && values.full) throw new UsageError("--small and --full: give one");
  const s = await exportNanochatKit({
    config: values.config,
    out: values.out,
    mode: values.small ? "small" : "full",
    gpus: values.gpus,
    nodes: values.nodes,
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
