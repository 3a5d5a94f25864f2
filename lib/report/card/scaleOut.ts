// The card's scale-out section (notebook 10): the §4.1/§4.2 plans beside the guide's, the same scenarios like with
// like, the exported nanochat kits (their kit.json), appendix A.1's flags against the pinned nanochat, and the
// import of nanochat's checkpoint checked against its logits. Pure: ReportInputs in, Markdown out.
import { formatNumber, toMarkdown } from "../tableFormat";
import { notRun, num, obj, section, str } from "./format";
import { pickTable, tableBlock } from "./tables";
import type { JsonFile, ReportInputs } from "./types";

/** Base names of the out/tables files this section reads (read.ts loads them). */
export const SCALE_OUT_TABLES = ["10-plans", "10-plans-like", "10-a1-flags", "10-import"] as const;

/** One kit's line: from its kit.json (lib/export KitSummary), fields read defensively. */
function kitRow(k: JsonFile): Record<string, string | number> {
  const d = k.data;
  const plan = obj(d, "plan");
  const shards = obj(d, "shards");
  const nanochat = obj(d, "nanochat");
  const tok = obj(d, "tokenizer");
  const standIns = Array.isArray(shards?.stand_ins) ? shards!.stand_ins.length : 0;
  return {
    kit: str(obj(d, "config"), "name") ?? k.file,
    mode: str(d, "mode") ?? "",
    nanochat: (str(nanochat, "commit") ?? "").slice(0, 7),
    params: num(plan, "params") ?? "",
    iterations: num(plan, "iterations") ?? "",
    hours: num(plan, "hours") ?? "",
    "shards planned": num(shards, "planned") ?? "",
    "shards written": num(shards, "written") ?? "",
    "tokenizer vocab": num(tok, "vocab_size") ?? "",
    data: standIns > 0 ? `${standIns} source(s) stood in for by bundled text` : "the config's sources",
    file: k.file,
  };
}

export function scaleOutSection(inputs: ReportInputs): string {
  const plans = pickTable(inputs.tables, "10-plans", inputs.mode);
  const like = pickTable(inputs.tables, "10-plans-like", inputs.mode);
  const flags = pickTable(inputs.tables, "10-a1-flags", inputs.mode);
  const imported = pickTable(inputs.tables, "10-import", inputs.mode);
  const body: string[] = [];
  if (!plans && !like && !flags && !imported && inputs.kits.length === 0) return section("Scale out with nanochat", [notRun(inputs, "10", "no tables/10-plans.csv")]);
  if (plans) body.push(tableBlock(plans));
  if (like) body.push(tableBlock(like));
  if (inputs.kits.length) {
    body.push(toMarkdown(inputs.kits.map(kitRow), undefined, "The nanochat run kits (kit.json): plan, shards and tokenizer"));
  } else body.push(notRun(inputs, "10", "no kits/*/kit.json"));
  if (flags) {
    const accepted = flags.rows.filter((r) => String(r.accepted ?? "").startsWith("✓")).length;
    const rejected = flags.rows.filter((r) => String(r.accepted ?? "").startsWith("✗"));
    const names = [...new Set(rejected.map((r) => String(r.flag || r.command)))];
    body.push(
      `Appendix A.1: ${accepted} of ${flags.rows.length} commands and flags exist at the pinned nanochat; ${rejected.length} do not` +
        (names.length ? ` (${names.map((n) => `\`${n}\``).join(", ")}).` : "."),
    );
    if (rejected.length) body.push(tableBlock(flags, { where: (r) => String(r.accepted ?? "").startsWith("✗"), title: `${flags.title ?? "Appendix A.1"}: what does not exist, and what the kit does instead` }));
  }
  if (imported) {
    const check = imported.rows.find((r) => String(r.check ?? "").startsWith("logits"));
    const ok = check ? String(check.ok ?? "") : "";
    if (check) body.push(`Import of nanochat's checkpoint: logits max |Δ| ${typeof check.value === "number" ? formatNumber(check.value) : check.value} against nanochat's own, ${ok.startsWith("✓") ? "**within tolerance**" : `**outside tolerance** (${ok})`}.`);
    body.push(tableBlock(imported));
  } else body.push(notRun(inputs, "10", "no tables/10-import.csv (the import needs the checkpoint fixture of ../shared)"));
  return section("Scale out with nanochat", body);
}
