// The guide's §1.2 table, transcribed as printed, and the same table computed from nanochat v1's
// formulas, side by side. Computed columns follow the guide's own stated rules so the comparison is fair:
//   params   2·V·d + 12·L·d² at V = 65,536              (nanochat-reference.md §1a)
//   tokens   20 × params                                 (guide §1.2 "20×")
//   shards   ceil(tokens × 4.8 chars/token ÷ 250M chars × 1.1)   (guide §1.2 notes, §1.3 examples)
//   time     total FLOPs ÷ (989e12 × 8 × 0.40) over the tokens nanochat trains (iterations × 524,288),
//            by two FLOPs/token methods: nanochat's estimate_flops 6·(P − wte) + 12·L·d·T (`hours`, the
//            one the ✓/✗ marks use) and the guide's own §1.3 method 6·P (`hours_6p`)
//   cost     time × $24/h (8 × $3/GPU-h, guide §1.2 notes), for each method
// Tolerance: 2% relative. The guide prints 2–3 significant figures ("~37M", "0.74B", "~1.2hr"), so
// honest rounding stays within about ±1.5%; anything beyond 2% is a real disagreement, not rounding.
// Errata items (guide-errata.md): 2 = parameter column (and the tokens derived from it),
// 4 = shard column, 5 = time column for d26 / d32 (cost is time × $24, so it inherits).
import { lookupGpu } from "./gpus";
import { sizeModel, type SizeReport } from "./size";

export interface GuideRow {
  depth: number;
  n_embd: number;
  n_head: number;
  params_m: number;
  tokens_b: number;
  shards: number;
  time_text: string;
  hours: number;
  cost_usd: number;
}

/** guide-en.md §1.2, exactly as printed (time_text verbatim, hours its value). */
export const GUIDE_TABLE_1_2: readonly GuideRow[] = [
  { depth: 4, n_embd: 256, n_head: 2, params_m: 37, tokens_b: 0.74, shards: 8, time_text: "~15min", hours: 15 / 60, cost_usd: 6 },
  { depth: 6, n_embd: 384, n_head: 3, params_m: 56, tokens_b: 1.12, shards: 12, time_text: "~25min", hours: 25 / 60, cost_usd: 10 },
  { depth: 8, n_embd: 512, n_head: 4, params_m: 82, tokens_b: 1.64, shards: 18, time_text: "~35min", hours: 35 / 60, cost_usd: 14 },
  { depth: 10, n_embd: 640, n_head: 5, params_m: 112, tokens_b: 2.24, shards: 24, time_text: "~50min", hours: 50 / 60, cost_usd: 20 },
  { depth: 12, n_embd: 768, n_head: 6, params_m: 149, tokens_b: 2.98, shards: 32, time_text: "~1.2hr", hours: 1.2, cost_usd: 29 },
  { depth: 16, n_embd: 1024, n_head: 8, params_m: 268, tokens_b: 5.36, shards: 58, time_text: "~2hr", hours: 2, cost_usd: 48 },
  { depth: 20, n_embd: 1280, n_head: 10, params_m: 561, tokens_b: 11.2, shards: 240, time_text: "~4hr", hours: 4, cost_usd: 96 },
  { depth: 26, n_embd: 1664, n_head: 13, params_m: 1200, tokens_b: 24, shards: 480, time_text: "~12hr", hours: 12, cost_usd: 288 },
  { depth: 32, n_embd: 2048, n_head: 16, params_m: 1900, tokens_b: 38, shards: 720, time_text: "~33hr", hours: 33, cost_usd: 792 },
];

export const GUIDE_RULES = {
  vocab: 65_536,
  ratio: 20,
  charsPerToken: 4.8,
  charsPerShard: 250_000_000,
  headroom: 0.1,
  gpu: "H100",
  gpus: 8,
  mfu: 0.4,
  usdPerNodeHour: 24,
  tolerance: 0.02,
} as const;

export type GuideColumn = "n_embd" | "n_head" | "params_m" | "tokens_b" | "shards" | "hours" | "cost_usd";

export interface Cell {
  column: GuideColumn;
  guide: number;
  computed: number;
  /** (guide − computed) / computed */
  rel_diff: number;
  agrees: boolean;
  /** guide-errata.md item numbers that cover this disagreement (empty: not in the errata) */
  errata: number[];
  /** why they differ, for a disagreement */
  note: string;
}

/** A computed §1.2 row: hours/cost by nanochat's estimate_flops, hours_6p/cost_usd_6p by the guide's 6·P. */
export interface ComputedGuideRow extends Omit<GuideRow, "time_text"> {
  hours_6p: number;
  cost_usd_6p: number;
}

export interface ComparedRow {
  depth: number;
  guide: GuideRow;
  computed: ComputedGuideRow;
  cells: Cell[];
  disagreements: Cell[];
}

/** Guide shard rule: ceil(tokens × charsPerToken ÷ charsPerShard × (1 + headroom)). */
export function guideShards(tokens: number): number {
  const r = GUIDE_RULES;
  return Math.ceil(((tokens * r.charsPerToken) / r.charsPerShard) * (1 + r.headroom));
}

const NOTES: Record<GuideColumn, string> = {
  n_embd: "",
  n_head: "",
  params_m: "the guide's parameter column does not follow 2·V·d + 12·L·d² (errata 2)",
  tokens_b: "20 × the guide's parameter figure, so it inherits that error (errata 2)",
  shards: "the guide's shard column does not follow its own rule tokens × 4.8 ÷ 250M + 10% (errata 4)",
  hours: "",
  cost_usd: "",
};

const times = (x: number) => `${x.toFixed(1)}×`;

function noteFor(column: GuideColumn, guide: number, c: ComputedGuideRow): string {
  if (column !== "hours" && column !== "cost_usd") return NOTES[column];
  const [byEstimate, by6p] = column === "hours" ? [c.hours, c.hours_6p] : [c.cost_usd, c.cost_usd_6p];
  const what = column === "hours" ? "time" : "cost (= time × $24/h)";
  const vs = `the guide's ${what} is ${times(guide / by6p)} its own §1.3 method (6·P) and ${times(guide / byEstimate)} nanochat's estimate_flops, at 40% MFU`;
  if (c.depth === 26 || c.depth === 32) {
    const guideP = (GUIDE_TABLE_1_2.find((g) => g.depth === c.depth) as GuideRow).params_m * 1e6;
    const at = (6 * guideP * GUIDE_RULES.ratio * guideP) / (lookupGpu(GUIDE_RULES.gpu).peak_flops * GUIDE_RULES.gpus * GUIDE_RULES.mfu) / 3600;
    return `${vs} (errata 5 applies 6·P to the guide's own ${guideP / 1e6}M parameters: ${at.toFixed(1)} h)`;
  }
  return guide > by6p
    ? `not in the errata: ${vs}; §1.3 example 1 reaches its 15 min by multiplying 52 s by an unstated "safety factor"`
    : `not in the errata: ${vs}`;
}

function errataFor(column: GuideColumn, depth: number): number[] {
  if (column === "params_m" || column === "tokens_b") return [2];
  if (column === "shards") return [4];
  if ((column === "hours" || column === "cost_usd") && (depth === 26 || depth === 32)) return [5];
  return [];
}

export function computeGuideRow(depth: number): ComputedGuideRow {
  const r = GUIDE_RULES;
  const s = sizeModel({ depth, vocabSize: r.vocab, ratio: r.ratio, gpu: r.gpu, gpus: r.gpus, mfu: r.mfu, usdPerGpuHour: r.usdPerNodeHour / r.gpus });
  return {
    depth,
    n_embd: s.n_embd,
    n_head: s.n_head,
    params_m: s.params.total / 1e6,
    tokens_b: s.tokens / 1e9,
    shards: guideShards(s.tokens),
    hours: s.hours,
    cost_usd: s.cost_usd,
    hours_6p: s.hours_6p,
    cost_usd_6p: s.cost_usd_6p,
  };
}

/** The §1.2 table computed beside the guide's, each disagreement beyond the tolerance marked. */
export function compareGuideTable(tolerance: number = GUIDE_RULES.tolerance): ComparedRow[] {
  const columns: GuideColumn[] = ["n_embd", "n_head", "params_m", "tokens_b", "shards", "hours", "cost_usd"];
  return GUIDE_TABLE_1_2.map((g) => {
    const c = computeGuideRow(g.depth);
    const cells = columns.map((column): Cell => {
      const rel_diff = (g[column] - c[column]) / c[column];
      const agrees = Math.abs(rel_diff) <= tolerance;
      return {
        column,
        guide: g[column],
        computed: c[column],
        rel_diff,
        agrees,
        errata: agrees ? [] : errataFor(column, g.depth),
        note: agrees ? "" : noteFor(column, g[column], c),
      };
    });
    return { depth: g.depth, guide: g, computed: c, cells, disagreements: cells.filter((x) => !x.agrees) };
  });
}

/** Hours as people read them: "0.6 min" / "52 min" under an hour, else "2.3 h". */
export function hoursText(hours: number): string {
  const min = hours * 60;
  if (hours < 1) return `${min < 10 ? min.toFixed(1) : min.toFixed(0)} min`;
  return `${hours.toFixed(1)} h`;
}

/** ✓ when the guide's cell agrees, else ✗ with its errata items ("✗ e2"), or "✗ (not in errata)". */
export function cellMark(cell: Cell): string {
  if (cell.agrees) return "✓";
  return cell.errata.length ? `✗ e${cell.errata.join(",e")}` : "✗ (not in errata)";
}

/** One depth of the §1.2 comparison, flat for a table: the guide's text with its mark, beside ours. */
export interface GuideComparisonRow {
  depth: string;
  n_embd: string;
  n_head: string;
  params_guide: string;
  params_computed_m: number;
  tokens_guide: string;
  tokens_computed_b: number;
  shards_guide: string;
  shards_computed: number;
  time_guide: string;
  /** the guide's own §1.3 method, 6·P FLOPs/token */
  time_6p: string;
  /** nanochat's estimate_flops, 6·(P − wte) + 12·L·d·T */
  time_computed: string;
  cost_guide: string;
  cost_6p_usd: number;
  cost_computed_usd: number;
}

export function guideComparisonRows(rows: readonly ComparedRow[] = compareGuideTable()): GuideComparisonRow[] {
  return rows.map((r) => {
    const cell = (c: GuideColumn) => r.cells.find((x) => x.column === c) as Cell;
    const marked = (c: GuideColumn, text: string) => `${text} ${cellMark(cell(c))}`;
    const g = r.guide;
    return {
      depth: `d${r.depth}`,
      n_embd: marked("n_embd", g.n_embd.toLocaleString("en-US")),
      n_head: marked("n_head", g.n_head.toLocaleString("en-US")),
      params_guide: marked("params_m", `~${g.params_m.toLocaleString("en-US")}M`),
      params_computed_m: r.computed.params_m,
      tokens_guide: marked("tokens_b", `${g.tokens_b}B`),
      tokens_computed_b: r.computed.tokens_b,
      shards_guide: marked("shards", g.shards.toLocaleString("en-US")),
      shards_computed: r.computed.shards,
      time_guide: marked("hours", g.time_text),
      time_6p: hoursText(r.computed.hours_6p),
      time_computed: hoursText(r.computed.hours),
      cost_guide: marked("cost_usd", `~$${g.cost_usd}`),
      cost_6p_usd: r.computed.cost_usd_6p,
      cost_computed_usd: r.computed.cost_usd,
    };
  });
}

export interface GuideDisagreement {
  depth: string;
  column: GuideColumn;
  guide: number;
  computed: number;
  /** (guide − computed) / computed, in percent */
  diff_pct: number;
  errata: string;
  note: string;
}

/** Every cell of the §1.2 table that disagrees beyond the tolerance, with its errata item and why. */
export function guideDisagreements(rows: readonly ComparedRow[] = compareGuideTable()): GuideDisagreement[] {
  return rows.flatMap((r) =>
    r.disagreements.map((c) => ({
      depth: `d${r.depth}`,
      column: c.column,
      guide: c.guide,
      computed: c.computed,
      diff_pct: 100 * c.rel_diff,
      errata: c.errata.length ? c.errata.map((e) => `item ${e}`).join(", ") : "not in the errata",
      note: c.note,
    })),
  );
}

/** True when a size report uses the guide's §1.2 settings, so its rows can be drawn beside it. */
export function usesGuideRules(s: SizeReport): boolean {
  const r = GUIDE_RULES;
  return s.vocab_size === r.vocab && s.ratio === r.ratio && s.gpu === lookupGpu(r.gpu).name && s.gpus === r.gpus && s.mfu === r.mfu &&
    s.usd_per_gpu_hour * s.gpus === r.usdPerNodeHour && s.max_seq_len === 2048 && s.total_batch_size === 524_288;
}
