// The report card's scale-out section (notebook 10): plans, like-with-like shards, kits from kit.json, A.1 flags, import.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildReportCard, readReportInputs } from "../../lib/report/card";
import { toCsv, toMarkdown } from "../../lib/report";
import { repoRoot } from "../../lib/util/paths";

const root = repoRoot();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-card10-"));
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
const ENV = { NANOZH_MODE: "small" };

function write(dir: string, rel: string, content: string | object): void {
  const file = path.join(dir, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content, null, 2));
}
function writeTable(dir: string, name: string, rows: Record<string, string | number | null>[], title: string): void {
  write(dir, `tables/${name}.csv`, toCsv(rows));
  write(dir, `tables/${name}.md`, toMarkdown(rows, undefined, title));
}
const sectionOf = (md: string, title: string): string => {
  const start = md.indexOf(`## ${title}\n`);
  assert.ok(start >= 0, `no section ${title}`);
  const next = md.indexOf("\n## ", start + 1);
  return md.slice(start, next < 0 ? undefined : next);
};
const card = (dir: string) => buildReportCard(readReportInputs(dir, { root, env: ENV, now: new Date("2026-01-03T00:00:00Z") }));

test("scale out: plans, like-with-like shards, each kit's plan from kit.json, A.1's missing flags, the import check", () => {
  const dir = path.join(tmp, "full");
  writeTable(dir, "10-plans", [
    { scenario: "d20-bilingual", quantity: "parameters (M)", guide: 530, toolkit: 521.33888, ratio: 0.9836 },
    { scenario: "d20-bilingual", quantity: "shards", guide: 191, toolkit: 180, ratio: 0.942 },
  ], "Guide §4.1/§4.2 as printed vs the toolkit's plan");
  writeTable(dir, "10-plans-like", [
    { scenario: "d16-chinese", plan: "the guide as printed (guide §4.1)", mix: "zh 100%", chars_per_token: 2.8, margin: 0, shards: 67 },
    { scenario: "d16-chinese", plan: "the guide's mix, measured chars/token", mix: "zh 100%", chars_per_token: 1.4, margin: 0.1, shards: 44 },
    { scenario: "d16-chinese", plan: "the config (d16-chinese.yaml)", mix: "zh 75% / en 25%", chars_per_token: 2.25, margin: 0.1, shards: 71 },
  ], "Shards, like with like");
  writeTable(dir, "10-a1-flags", [
    { command: "scripts.base_train", flag: "--depth", accepted: "✓", kit: "" },
    { command: "scripts.tok_train", flag: "--chinese_ratio", accepted: "✗ unknown key", kit: "the mixture's shares are the config's data.mix weights" },
    { command: "scripts.download_chinese_data", flag: "-n", accepted: "✗ no such script", kit: "no such script" },
  ], "Appendix A.1 against nanochat 507d542");
  writeTable(dir, "10-import", [
    { check: "parameters", value: "123,456", ok: "" },
    { check: "logits max |Δ| vs nanochat", value: "3.81e-6", ok: "✓" },
  ], "nanochat_ckpt_tiny imported");
  write(dir, "kits/d20-bilingual/kit.json", {
    format: "nanozh-nanochat-kit", version: 1, mode: "small", config: { name: "d20-bilingual", file: "configs/d20-bilingual.yaml" },
    nanochat: { commit: "507d5421234567890" }, plan: { params: 521_338_880, iterations: 24_859, hours: 3.86 },
    shards: { planned: 180, written: 3, stand_ins: [{ missing: "a", stand_in: "data/pretrain" }] }, tokenizer: { vocab_size: 50_000 },
  });
  write(dir, "kits/other/kit.json", { format: "something-else" });
  const md = card(dir);
  const s = sectionOf(md, "Scale out with nanochat");
  assert.match(s, /\| d20-bilingual \| parameters \(M\) \| 530 \| 521\.3 \|/);
  assert.match(s, /\| d16-chinese \| the guide's mix, measured chars\/token \| zh 100% \| 1\.4 \| 0\.1 \| 44 \|/);
  assert.match(s, /\| d20-bilingual \| small \| 507d542 \| 521,338,880 \| 24,859 \| 3\.86 \| 180 \| 3 \| 50,000 \| 1 source\(s\) stood in for by bundled text \| kits\/d20-bilingual\/kit\.json \|/);
  assert.ok(s.includes("Appendix A.1: 1 of 3 commands and flags exist at the pinned nanochat; 2 do not (`--chinese_ratio`, `-n`)."), s);
  assert.ok(!/\| scripts\.base_train \| --depth \|/.test(s), "only the missing flags are tabled");
  assert.ok(s.includes("logits max |Δ| 3.810e-6 against nanochat's own, **within tolerance**"));
  assert.match(md, /`kits\/other\/kit\.json`: not a nanochat kit summary/);
  // the section sits before the wall clock
  assert.ok(md.indexOf("## Scale out with nanochat") < md.indexOf("## Wall clock per stage"));
});

test("scale out, nothing in out/: not run, naming notebook 10", () => {
  const empty = path.join(tmp, "empty");
  fs.mkdirSync(empty, { recursive: true });
  const s = sectionOf(card(empty), "Scale out with nanochat");
  assert.ok(s.includes("_Not run (notebook 10-scale-out): no tables/10-plans.csv._"), s);
});
