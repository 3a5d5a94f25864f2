// What notebooks 06 (model anatomy) and 07 (pretraining) must leave behind, checked after the runner
// executed them (notebooks.test.ts calls these with the run's NANOZH_OUT).
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { parseCsv } from "../../lib/data";
import { hasSharedData, sharedDataDir } from "../../lib/util/paths";

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
    // one column per engine that ran (tfjs always; ort where onnxruntime-node loads), each cell "value ✓|✗"
    const parity = readTable(path.join(out, "tables", "06-parity.csv"));
    assert.ok(parity.length >= 8, `06 parity: ${parity.length} checks`);
    const engines = Object.keys(parity[0]).filter((k) => k !== "check" && k !== "tolerance");
    assert.ok(engines.includes("tfjs"), `06 parity columns: ${engines.join(", ")}`);
    for (const c of parity)
      for (const e of engines) assert.ok(c[e].endsWith("✓"), `06 parity on ${e}: ${c.check} = ${c[e]} (${c.tolerance})`);
  }
}

/** 07: out/model holds the trained model, its tokenizer and a summary whose val bpb is below the bigram baseline. */
export function checkPretrainingNotebook(out: string): void {
  const dir = path.join(out, "model");
  for (const f of ["model.safetensors", "config.json", "summary.json", "log.csv", "tokenizer"]) assert.ok(fs.existsSync(path.join(dir, f)), `07: ${dir}/${f} missing`);
  const s = JSON.parse(fs.readFileSync(path.join(dir, "summary.json"), "utf8")) as Record<string, unknown>;
  for (const k of ["steps", "tokens", "seconds", "tokens_per_s", "val_bpb", "unigram_bpb", "bigram_bpb", "backend"]) assert.ok(k in s, `07 summary.json: no ${k}`);
  assert.equal(s.status, "complete");
  assert.ok((s.steps as number) > 0 && (s.tokens as number) > 0);
  assert.ok((s.val_bpb as number) < (s.unigram_bpb as number), `07: val bpb ${s.val_bpb} is not below the unigram baseline ${s.unigram_bpb}`);
  // the default run learns more than pair counts (cpu-tiny: 0.897× the bigram; the config's comments)
  assert.ok((s.val_bpb as number) < (s.bigram_bpb as number), `07: val bpb ${s.val_bpb} is not below the bigram baseline ${s.bigram_bpb}`);
  // the run's own curves page, named after config and run folder, where the notebook says it is
  assert.equal(path.basename(s.curves_html as string), `train-${s.config}-model.html`);
  assert.ok(fs.existsSync(path.join(out, "plots", `train-${s.config}-model.html`)), `07: no out/plots/train-${s.config}-model.html`);
}

/** 08: out/sft holds the fine-tuned model with its tokenizer, and the held-out loss on the assistant's tokens fell. */
export function checkChatNotebook(out: string): void {
  const dir = path.join(out, "sft");
  for (const f of ["model.safetensors", "config.json", "summary.json", "log.csv", "tokenizer"]) assert.ok(fs.existsSync(path.join(dir, f)), `08: ${dir}/${f} missing`);
  const s = JSON.parse(fs.readFileSync(path.join(dir, "summary.json"), "utf8")) as Record<string, unknown>;
  assert.equal(s.stage, "sft");
  assert.ok((s.steps as number) > 0 && (s.trained_tokens as number) > 0);
  assert.ok((s.val_loss_after as number) < (s.val_loss_before as number), `08: val loss ${s.val_loss_before} → ${s.val_loss_after} did not fall`);
  const chat = readTable(path.join(out, "tables", "08-chat.csv"));
  assert.ok(chat.length > 0 && chat.some((r) => r.ended_by === "assistant_end"), "08: no reply ended at <|assistant_end|> after fine-tuning");
}

/** 09: every result file is a complete C-EVAL/CMMLU summary; the prefix-cached scorer agreed with the reference. */
export function checkEvalNotebook(out: string): void {
  const dir = path.join(out, "eval");
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".json"));
  assert.ok(files.some((f) => f.startsWith("ceval-val-0shot-base")) && files.some((f) => f.startsWith("ceval-val-5shot-sft")), `09: results in ${dir}: ${files.join(", ")}`);
  if (hasSharedData()) assert.ok(files.some((f) => f.startsWith("cmmlu-test-")), "09: CMMLU results with ../shared present");
  for (const f of files) {
    const r = JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as Record<string, unknown>;
    for (const k of ["n", "accuracy", "macro_accuracy", "per_category", "per_subject", "ci95", "random_baseline", "fewer_shots"]) assert.ok(k in r, `09 ${f}: no ${k}`);
    assert.ok((r.n as number) > 0);
    const [lo, hi] = r.ci95 as [number, number];
    assert.ok(lo <= (r.accuracy as number) && (r.accuracy as number) <= hi, `09 ${f}: accuracy outside its interval`);
    for (const sub of r.per_subject as { subject: string; n: number; p_value: number; p_holm: number; p_bh: number; pred_counts: Record<string, number> }[]) {
      assert.ok(sub.p_holm >= sub.p_value && sub.p_bh <= sub.p_holm, `09 ${f} ${sub.subject}: adjusted p-values out of order`);
      assert.equal(Object.values(sub.pred_counts).reduce((a, b) => a + b, 0), sub.n, `09 ${f} ${sub.subject}: letters said do not add up to n`);
    }
  }
  const top = readTable(path.join(out, "tables", "09-ceval-top-subjects.csv"));
  assert.ok(top.length > 0 && ["p_holm", "p_bh", "said A/B/C/D", "gold A/B/C/D"].every((k) => k in top[0]), "09: the best subjects lack adjusted p-values or letters");
  const speed = fs.readFileSync(path.join(out, "tables", "09-speed.md"), "utf8");
  assert.match(speed, /predictions identical/, "09: the prefix-cached scorer disagreed with the reference");
}

/** 10: both kits hold run.sh, the tokenizer files and ≥ 2 shards; A.1's invented flags are caught; the import matched nanochat's logits. */
export function checkScaleOutNotebook(out: string): void {
  for (const kit of ["d16-chinese", "d20-bilingual"]) {
    const dir = path.join(out, "kits", kit);
    for (const f of ["run.sh", "README.md", path.join("tokenizer", "tokenizer.pkl"), path.join("tokenizer", "token_bytes.pt")]) assert.ok(fs.existsSync(path.join(dir, f)), `10: ${dir}/${f} missing`);
    const shards = fs.readdirSync(path.join(dir, "base_data")).filter((f) => /^shard_\d{5}\.parquet$/.test(f));
    assert.ok(shards.length >= 2, `10: ${dir}/base_data has ${shards.length} shards`);
    assert.match(fs.readFileSync(path.join(dir, "run.sh"), "utf8"), /-m scripts\.base_train -- .*--depth=\d+/, `10: ${dir}/run.sh runs no base_train with --depth`);
  }
  // the plans count nanochat 507d542's padded vocabulary (d20: 50,000 → 50,048 rows)
  const plans = readTable(path.join(out, "tables", "10-plans.csv"));
  assert.equal(Number(plans.find((r) => r.scenario === "d20-bilingual" && r.quantity === "parameters (M)")?.toolkit), 521.33888, "10: d20's parameters are not the padded count");
  const like = readTable(path.join(out, "tables", "10-plans-like.csv"));
  assert.equal(like.filter((r) => r.scenario === "d16-chinese").length, 3, "10: d16 not compared like with like");
  const report = path.join(out, "report.md");
  if (fs.existsSync(report)) assert.match(fs.readFileSync(report, "utf8"), /## Scale out with nanochat[\s\S]*kits\/d16-chinese\/kit\.json/, "10: report.md lacks the scale-out section");
  const flags = readTable(path.join(out, "tables", "10-a1-flags.csv"));
  assert.ok(flags.some((r) => r.flag === "--data_path" && r.accepted.startsWith("✗")), "10: A.1's --data_path not flagged");
  assert.ok(flags.some((r) => r.flag === "--depth" && r.accepted === "✓"), "10: base_train's --depth not accepted");
  // the notebook imports the checkpoint fixture when it is there (the same environment runs both)
  if (fs.existsSync(path.resolve(sharedDataDir(), "..", "fixtures", "nanochat_ckpt_tiny", "meta_000010.json"))) {
    const imp = readTable(path.join(out, "tables", "10-import.csv"));
    assert.equal(imp.find((r) => r.check.startsWith("logits"))?.ok, "✓", "10: imported checkpoint's logits differ from nanochat's");
  }
}
