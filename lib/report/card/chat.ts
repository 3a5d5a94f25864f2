// The card's chat fine-tuning section (notebook 08 / nanozh sft): the SFT run folder's summary.json.
// Its scalar fields are shown as they are (one level of nested objects flattened), lists of flat
// records as tables, and the validation loss before → after when the summary has both.
import { formatNumber, toMarkdown } from "../tableFormat";
import { code, kvTable, notRun, num, section } from "./format";
import { pickTable, tableBlock } from "./tables";
import type { JsonRecord, ReportInputs } from "./types";

/** Notebook 08's tables the section shows: greedy replies before/after, and (full mode) SFT vs mid-training. */
export const CHAT_TABLES = ["08-chat", "08-sft-vs-mid"] as const;

/** Before → after pairs of lib/chat's SftSummary (masked loss in nats per assistant token, and bpb). */
const BEFORE_AFTER: [string, string, string][] = [
  ["validation loss (nats per assistant token)", "val_loss_before", "val_loss_after"],
  ["validation bpb (assistant tokens)", "val_bpb_before", "val_bpb_after"],
];

type Scalar = string | number | boolean;
const isScalar = (v: unknown): v is Scalar => typeof v === "string" || (typeof v === "number" && Number.isFinite(v)) || typeof v === "boolean";
const isFlatRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v) && Object.values(v).every((x) => x === null || isScalar(x));

function scalarText(v: Scalar): string | number {
  return typeof v === "boolean" ? String(v) : typeof v === "string" ? v.replace(/\r?\n/g, "⏎") : v;
}

/** Scalar fields (and one level of nested objects, as parent.child) in file order. */
export function scalarRows(s: JsonRecord): [string, string | number][] {
  const rows: [string, string | number][] = [];
  for (const [k, v] of Object.entries(s)) {
    if (isScalar(v)) rows.push([k, scalarText(v)]);
    else if (v && typeof v === "object" && !Array.isArray(v)) {
      for (const [k2, v2] of Object.entries(v)) if (isScalar(v2)) rows.push([`${k}.${k2}`, scalarText(v2)]);
    }
  }
  return rows;
}

/** Lists of flat records (per-task counts, chat samples, …) as tables titled by their field. */
export function listTables(s: JsonRecord): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(s)) {
    if (!Array.isArray(v) || v.length === 0 || !v.every(isFlatRecord)) continue;
    const rows = v.map((r) => Object.fromEntries(Object.entries(r).map(([c, x]) => [c, x === null ? "" : scalarText(x as Scalar)])));
    out.push(toMarkdown(rows, undefined, k));
  }
  return out;
}

export function chatSection(inputs: ReportInputs): string {
  const title = "Chat fine-tuning";
  if (!inputs.sft) return section(title, [notRun(inputs, "08", "no sft/summary.json (nor any out/*/summary.json with stage sft)")]);
  const s = inputs.sft.data;
  const body = [`From ${code(inputs.sft.file)}.`];
  const changes = BEFORE_AFTER.flatMap(([what, b, a]) => {
    const before = num(s, b);
    const after = num(s, a);
    return before !== undefined && after !== undefined ? [`- ${what}: **${formatNumber(before)} before → ${formatNumber(after)} after** fine-tuning`] : [];
  });
  if (changes.length) body.push(changes.join("\n"));
  const replies = pickTable(inputs.tables, "08-chat", inputs.mode);
  if (replies) body.push(tableBlock(replies));
  if (inputs.plots.includes("08-curves.png")) body.push("![chat fine-tuning loss](plots/08-curves.png)");
  const vsMid = pickTable(inputs.tables, "08-sft-vs-mid", inputs.mode);
  if (vsMid) body.push(tableBlock(vsMid));
  body.push(kvTable(scalarRows(s), ["field", "value"]));
  body.push(...listTables(s));
  return section(title, body);
}
