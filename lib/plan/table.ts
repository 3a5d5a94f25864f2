// A shard plan as table rows: the chain tokens → characters → bytes → shards step by step, and the
// plan's languages one per row with a total. Characters and UTF-8 bytes stay in separate columns.
import { PARQUET_BYTES_PER_UTF8_BYTE, type ShardPlan } from "./shards";

export interface PlanStep {
  step: string;
  value: number;
  unit: string;
  how: string;
}

const n = (x: number, digits = 0) => x.toLocaleString("en-US", { maximumFractionDigits: digits });

/** The plan's arithmetic, one step per row. */
export function planSteps(plan: ShardPlan): PlanStep[] {
  const steps: PlanStep[] = [];
  if (plan.params !== null && plan.ratio !== null) steps.push({ step: "parameters", value: plan.params, unit: "params", how: "2·V·d + 12·L·d² (or the figure given)" });
  steps.push({ step: "training tokens", value: plan.tokens, unit: "tokens", how: plan.ratio !== null ? `${plan.ratio} tokens per parameter` : "given" });
  const cpt = plan.parts.map((p) => `${p.lang}: ${n(p.weight * 100, 1)}% × ${p.chars_per_token} chars/token`).join(" + ");
  steps.push({ step: "characters", value: plan.chars, unit: "chars", how: `tokens × (${cpt}) = ${plan.chars_per_token.toFixed(3)} chars/token overall` });
  steps.push({ step: "characters + margin", value: plan.chars_with_margin, unit: "chars", how: `× ${1 + plan.margin} (${n(plan.margin * 100)}% headroom)` });
  steps.push({ step: "shards (exact)", value: plan.shards_exact, unit: "shards", how: `÷ ${n(plan.chars_per_shard)} characters per shard` });
  steps.push({ step: "shards", value: plan.shards, unit: "shards", how: "rounded up" });
  const bpc = plan.parts.map((p) => `${p.lang} ${p.bytes_per_char} B/char`).join(", ");
  steps.push({ step: "UTF-8 bytes", value: plan.bytes, unit: "bytes", how: `characters × bytes per character (${bpc}); not the shard unit` });
  steps.push({ step: "parquet download", value: plan.download_bytes, unit: "bytes", how: `UTF-8 bytes × ${1 + plan.margin} × ${PARQUET_BYTES_PER_UTF8_BYTE} (compression as nanochat's ≈100 MB English shards)` });
  return steps;
}

export interface PlanPartRow {
  plan: string;
  lang: string;
  token_share: number;
  tokens: number;
  chars_per_token: number;
  chars: number;
  bytes_per_char: number;
  utf8_bytes: number;
  /** per language: shards it would need alone; total: the plan's shards */
  shards: number;
  download_gb: number;
}

/** One row per language of the plan, then the total (its shards are the plan's). */
export function planPartRows(plan: ShardPlan, label = ""): PlanPartRow[] {
  const gb = (bytes: number) => (bytes * (1 + plan.margin) * PARQUET_BYTES_PER_UTF8_BYTE) / 1e9;
  const rows: PlanPartRow[] = plan.parts.map((p) => ({
    plan: label,
    lang: p.lang,
    token_share: p.weight,
    tokens: p.tokens,
    chars_per_token: p.chars_per_token,
    chars: p.chars,
    bytes_per_char: p.bytes_per_char,
    utf8_bytes: p.bytes,
    shards: p.shards_alone,
    download_gb: gb(p.bytes),
  }));
  if (plan.parts.length > 1)
    rows.push({
      plan: label,
      lang: "total",
      token_share: 1,
      tokens: plan.tokens,
      chars_per_token: plan.chars_per_token,
      chars: plan.chars,
      bytes_per_char: plan.bytes / plan.chars,
      utf8_bytes: plan.bytes,
      shards: plan.shards,
      download_gb: plan.download_bytes / 1e9,
    });
  return rows;
}
