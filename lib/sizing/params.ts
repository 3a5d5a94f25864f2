// Exact parameter count of nanochat v1 (nanochat-reference.md §1a): P = 2·V·d + 12·L·d².
// Per layer: attention c_q, c_k, c_v, c_proj = 4·d² (MHA, no bias); MLP c_fc d→4d and c_proj 4d→d = 8·d².
// RMSNorm has no weights; wte and lm_head are untied, each V·d (V the padded vocabulary where the shape has one:
// nanochat from f1bf69d, the kit's pinned commit included, pads it to a multiple of 64; lib/sizing/model padVocab).
import { modelShape, vocabRows, type ModelShape } from "./model";

export interface ParamCount {
  wte: number;
  lm_head: number;
  attention_per_layer: number;
  mlp_per_layer: number;
  per_layer: number;
  /** all block matrices: n_layer · per_layer */
  transformer: number;
  total: number;
}

export function paramCount(shape: ModelShape): ParamCount {
  const d = shape.n_embd;
  const kvDim = shape.n_kv_head * shape.head_dim;
  const attention_per_layer = d * d /* c_q */ + 2 * d * kvDim /* c_k, c_v */ + d * d /* c_proj */;
  const mlp_per_layer = d * 4 * d + 4 * d * d;
  const per_layer = attention_per_layer + mlp_per_layer;
  const transformer = shape.n_layer * per_layer;
  const wte = vocabRows(shape) * d;
  const lm_head = d * vocabRows(shape);
  return { wte, lm_head, attention_per_layer, mlp_per_layer, per_layer, transformer, total: wte + lm_head + transformer };
}

/** Parameter count for a depth (and vocab), nanochat v1. */
export function paramsForDepth(depth: number, vocabSize?: number): ParamCount {
  return paramCount(modelShape(depth, vocabSize));
}

export interface ParamPart {
  part: string;
  /** the formula with this shape's numbers in it */
  formula: string;
  count: number;
  /** fraction of the total */
  share: number;
}

/** The parameter count split into its parts (wte, lm_head, attention, MLP), with the formulas, and the total. */
export function paramParts(shape: ModelShape): ParamPart[] {
  const p = paramCount(shape);
  const L = shape.n_layer;
  const d = shape.n_embd;
  const V = vocabRows(shape);
  const kv = shape.n_kv_head * shape.head_dim;
  const n = (x: number) => x.toLocaleString("en-US");
  const attnFormula = kv === d ? `${L} × 4·${d}² (c_q, c_k, c_v, c_proj)` : `${L} × (2·${d}² + 2·${d}·${kv})`;
  const rows: Omit<ParamPart, "share">[] = [
    { part: "wte (token embedding)", formula: `V·d = ${n(V)} × ${n(d)}`, count: p.wte },
    { part: "lm_head (untied)", formula: `d·V = ${n(d)} × ${n(V)}`, count: p.lm_head },
    { part: "attention", formula: attnFormula, count: L * p.attention_per_layer },
    { part: "MLP", formula: `${L} × 8·${d}² (c_fc d→4d, c_proj 4d→d)`, count: L * p.mlp_per_layer },
    { part: "RMSNorm", formula: "no weights in nanochat", count: 0 },
    { part: "total", formula: `2·V·d + 12·L·d²`, count: p.total },
  ];
  return rows.map((r) => ({ ...r, share: r.count / p.total }));
}
