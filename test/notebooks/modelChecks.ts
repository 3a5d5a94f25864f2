// What notebooks 06 (model anatomy) and 07 (pretraining) must leave behind, checked after the runner
// executed them (notebooks.test.ts calls these with the run's NANOZH_OUT).
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { parseCsv } from "../../lib/data";
import { hasSharedData } from "../../lib/util/paths";

/** A CSV file written by showTable as objects keyed by its header. */
function readTable(file: string): Record<string, string>[] {
  const [head, ...rows] = parseCsv(fs.readFileSync(file, "utf8"), file);
  return rows.map((r) => Object.fromEntries(head.fields.map((h, i) => [h, r.fields[i] ?? ""])));
}

/** 06: the model's parameter count equals lib/sizing's in every part; parity holds when the fixture is present. */
export function checkModelNotebook(out: string): void {
  const parts = readTable(path.join(out, "tables", "06-param-parts.csv"));
  assert.ok(parts.length >= 5);
  for (const p of parts) assert.equal(p.lib_sizing, p.model, `06 parameter part ${p.part}`);
  if (hasSharedData()) {
    const parity = readTable(path.join(out, "tables", "06-parity.csv"));
    for (const c of parity) assert.equal(c.ok, "✓", `06 parity: ${c.check} = ${c.value} (${c.tolerance})`);
  }
}

/** 07: out/model holds the trained model, its tokenizer and a summary whose val bpb is below the unigram baseline. */
export function checkPretrainingNotebook(out: string): void {
  const dir = path.join(out, "model");
  for (const f of ["model.safetensors", "config.json", "summary.json", "log.csv", "tokenizer"]) assert.ok(fs.existsSync(path.join(dir, f)), `07: ${dir}/${f} missing`);
  const s = JSON.parse(fs.readFileSync(path.join(dir, "summary.json"), "utf8")) as Record<string, unknown>;
  for (const k of ["steps", "tokens", "seconds", "tokens_per_s", "val_bpb", "unigram_bpb", "bigram_bpb", "backend"]) assert.ok(k in s, `07 summary.json: no ${k}`);
  assert.equal(s.status, "complete");
  assert.ok((s.steps as number) > 0 && (s.tokens as number) > 0);
  assert.ok((s.val_bpb as number) < (s.unigram_bpb as number), `07: val bpb ${s.val_bpb} is not below the unigram baseline ${s.unigram_bpb}`);
}
