// nanozh recommend: the guide's §5.2 decision tree, each candidate checked against three budgets:
// money, time (--hours, default by purpose) and the card's memory.
//   nanozh recommend --budget USD --gpu NAME --gpus K --corpus zh|en|mixed --purpose learn|prototype|production
//                    [--hours H] [--mfu F] [--price USD_PER_GPU_HOUR] [--json]
import { parseOptions, numberOption, printJson, requireOption } from "../args";
import { MIN_DEVICE_BATCH, PURPOSE_HOURS, recommend, type Corpus, type Purpose } from "../../lib/sizing";
import { fmtHours, fmtNum, table } from "./size";

const HELP = `usage: nanozh recommend --budget USD --gpu NAME --gpus K --corpus zh|en|mixed
                       --purpose learn|prototype|production [--hours H] [--mfu F] [--price USD] [--json]
  --gpus 0 (no --gpu needed) asks for the CPU-only answer. --price is USD per GPU-hour (default 3;
  0 for your own card). --hours is the time budget in training hours (default by purpose: learn
  ${PURPOSE_HOURS.learn}, prototype ${PURPOSE_HOURS.prototype}, production ${PURPOSE_HOURS.production}). The depth must also fit the card's memory at
  device_batch_size ≥ ${MIN_DEVICE_BATCH}.`;

export async function run(argv: string[]): Promise<number> {
  const { values: v } = parseOptions(argv, {
    budget: { type: "string" },
    gpu: { type: "string" },
    gpus: { type: "string" },
    corpus: { type: "string" },
    purpose: { type: "string" },
    mfu: { type: "string" },
    price: { type: "string" },
    hours: { type: "string" },
    json: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (v.help) {
    process.stdout.write(HELP + "\n");
    return 0;
  }
  const budgetUsd = requireOption(numberOption(v.budget, "budget", { min: 0 }), "budget");
  const gpus = requireOption(numberOption(v.gpus, "gpus", { integer: true, min: 0 }), "gpus");
  if (gpus > 0 && !v.gpu) throw new Error("--gpu is required when --gpus > 0");
  const corpus = requireOption(v.corpus, "corpus");
  if (!["zh", "en", "mixed"].includes(corpus)) throw new Error(`--corpus must be zh, en or mixed, got '${corpus}'`);
  const purpose = requireOption(v.purpose, "purpose");
  if (!["learn", "prototype", "production"].includes(purpose)) throw new Error(`--purpose must be learn, prototype or production, got '${purpose}'`);
  const r = recommend({
    budgetUsd,
    gpu: v.gpu,
    gpus,
    corpus: corpus as Corpus,
    purpose: purpose as Purpose,
    mfu: numberOption(v.mfu, "mfu", { positive: true }),
    usdPerGpuHour: numberOption(v.price, "price", { min: 0 }),
    hours: numberOption(v.hours, "hours", { positive: true }),
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
