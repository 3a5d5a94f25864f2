// nanozh recommend: the guide's §5.2 decision tree, each candidate checked against three budgets:
// money, time (--hours, default by purpose) and the card's memory.
// Options and help: cli/specs/sizing.ts (RECOMMEND).
import { printJson } from "../args";
import { parse, UsageError } from "../spec";
import { RECOMMEND } from "../specs/sizing";
import { recommend, type Corpus, type Purpose } from "../../lib/sizing";
import { fmtHours, fmtNum, table } from "./size";

export async function run(argv: string[]): Promise<number> {
  const args = parse(RECOMMEND, argv);
  if (!args) return 0;
  const v = args.values;
  if (v.gpus > 0 && !v.gpu) throw new UsageError("--gpu is required when --gpus > 0");
  const r = recommend({
    budgetUsd: v.budget,
    gpu: v.gpu,
    gpus: v.gpus,
    corpus: v.corpus satisfies Corpus,
    purpose: v.purpose satisfies Purpose,
    mfu: v.mfu,
    usdPerGpuHour: v.price,
    hours: v.hours,
  });
  if (v.json) {
    printJson(r);
    return 0;
  }
  const lines = [
    `recommendation: d${r.depth} (${r.mode === "cpu" ? "CPU" : `${r.gpus}× ${r.gpu}`})${r.within_band ? "" : " — outside the guide's band, see reasons"}`,
    "",
    table(
      ["", "value"],
      [
        ["depth", `d${r.depth}`],
        ["vocab_size", fmtNum(r.vocab_size)],
        ["data ratio (tokens/param)", `${r.ratio}`],
        ["data mix (by tokens)", r.mix_text],
        ["params", fmtNum(r.params)],
        ["tokens", fmtNum(r.tokens)],
        ["expected time", r.hours === null ? "n/a (CPU)" : fmtHours(r.hours)],
        ["time budget", `${fmtNum(r.hours_budget)} h (${r.hours_budget_source})`],
        ["device_batch_size", r.device_batch_size === null ? "n/a" : `${r.device_batch_size}`],
        ["expected cost", `$${fmtNum(r.cost_usd, 2)}`],
        ["pipeline", r.pipeline],
      ],
    ),
  ];
  if (r.candidates.length) {
    const yn = (b: boolean) => (b ? "yes" : "no");
    lines.push(
      "",
      table(
        ["candidate", "params", "time", "cost", "batch that fits", "GiB", "money ok", "time ok", "memory ok", "fits"],
        r.candidates.map((c) => [
          `d${c.depth}`, fmtNum(c.params), fmtHours(c.hours), `$${fmtNum(c.cost_usd, 2)}`, c.device_batch_size === null ? "none" : `${c.device_batch_size}`,
          c.memory_gib === null ? "—" : fmtNum(c.memory_gib, 1), yn(c.fits_money), yn(c.fits_time), yn(c.fits_memory), yn(c.fits),
        ]),
      ),
    );
  }
  lines.push("", "reasons:", ...r.reasons.map((x) => `  - ${x}`));
  process.stdout.write(lines.join("\n") + "\n");
  return 0;
}
