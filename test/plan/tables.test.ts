// Table, pooling and figure helpers the notebooks call (02-shard-planning), against the plain plan.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import {
  BYTES_PER_CHAR, bundledDomains, charsPerTokenTable, guideCorpusRows, measureCharsPerToken, parseMix, planPartRows, planShards, planSteps, poolByLang, readDocuments,
  scenarioPlans, scenarioRows, shardsVsMix, shardsVsMixFigure, type DomainMeasurement,
} from "../../lib/plan";
import { bundledDataDir } from "../../lib/util/paths";

test("planSteps and planPartRows restate the plan", () => {
  const plan = planShards({ depth: 20, vocabSize: 50_000, ratio: 25, mix: parseMix("zh=0.5:1.45,en=0.5:4.8"), margin: 0.1 });
  const steps = Object.fromEntries(planSteps(plan).map((s) => [s.step, s.value]));
  assert.equal(steps.parameters, 521_216_000);
  assert.equal(steps["training tokens"], plan.tokens);
  assert.equal(steps.characters, plan.chars);
  assert.equal(steps.shards, plan.shards);
  assert.equal(steps["UTF-8 bytes"], plan.bytes);
  const rows = planPartRows(plan, "p");
  assert.deepEqual(rows.map((r) => r.lang), ["zh", "en", "total"]);
  assert.equal(rows[2].shards, plan.shards);
  assert.equal(rows[0].chars + rows[1].chars, rows[2].chars);
  assert.ok(Math.abs(rows[0].download_gb + rows[1].download_gb - rows[2].download_gb) < 1e-9);
  assert.equal(planPartRows(planShards({ tokens: 1e9, charsPerToken: 4, lang: "en" })).length, 1); // one language: no total row
});

test("poolByLang is Σ chars ÷ Σ tokens per language and encoding", () => {
  const m = (domain: string, lang: string, chars: number, bytes: number, tokens: number): DomainMeasurement => ({
    domain, lang, encoding: "cl100k_base", documents: 1, chars, bytes, tokens, charsPerToken: chars / tokens, bytesPerToken: bytes / tokens, bytesPerChar: bytes / chars,
  });
  const pooled = poolByLang([m("a", "zh", 100, 300, 120), m("b", "zh", 50, 150, 40), m("c", "en", 400, 400, 100)]);
  const zh = pooled.find((p) => p.lang === "zh")!;
  assert.equal(zh.charsPerToken, 150 / 160);
  assert.equal(zh.bytesPerToken, 450 / 160);
  assert.equal(zh.domains, 2);
  const table = charsPerTokenTable(pooled);
  assert.deepEqual(table.map((r) => r.domain), ["zh (pooled)", "en (pooled)"]);
  assert.equal(table[0]["cl100k_base chars/token"], 150 / 160);
});

test("bundledDomains lists data/corpus/<lang>/*.txt; a measurement there equals measuring the files", { skip: !fs.existsSync(path.join(bundledDataDir(), "corpus")) && "no data/corpus" }, () => {
  const domains = bundledDomains();
  assert.ok(domains.length > 0);
  for (const d of domains) {
    assert.match(d.name, /^(zh|en)\//);
    assert.ok(path.isAbsolute(d.paths[0]) && fs.existsSync(d.paths[0]));
  }
  const d = domains[0];
  const direct = measureCharsPerToken(readDocuments(d.paths[0]), "cl100k_base");
  assert.ok(direct.tokens > 0);
  assert.deepEqual(bundledDomains(path.join(bundledDataDir(), "no-such-folder")), []);
});

test("scenarios with measured chars/token split by each scenario's languages", () => {
  const plans = scenarioPlans(0, { zh: 0.9, en: 4.5 });
  const d16 = plans.find((p) => p.scenario.name === "d16-chinese")!;
  assert.equal(d16.measured!.chars, d16.recomputed.tokens * 0.9);
  const d20 = plans.find((p) => p.scenario.name === "d20-bilingual")!;
  assert.equal(d20.measured!.chars, d20.recomputed.tokens * (0.5 * 0.9 + 0.5 * 4.5));
  const rows = scenarioRows(plans);
  assert.equal(rows.length, 9);
  assert.deepEqual(rows.filter((r) => r.inputs.startsWith("guide's own")).map((r) => r.vs_guide), ["✓ same", "✓ same", "✓ same"]);
  assert.equal(rows.find((r) => r.scenario.startsWith("d20") && r.inputs.startsWith("guide's own"))!.utf8_bytes, null);
  assert.equal(scenarioRows(scenarioPlans()).length, 6);
});

test("shardsVsMixFigure: one shards and one download trace per series", () => {
  const points = shardsVsMix({ depth: 8, ratio: 20, a: { lang: "zh", charsPerToken: 1 }, b: { lang: "en", charsPerToken: 4.5 }, steps: 4 });
  const fig = shardsVsMixFigure([{ label: "x", points }, { label: "y", points, dash: "dot" }], { title: "t" });
  assert.equal(fig.data.length, 4);
  assert.deepEqual(fig.data[0].y, points.map((p) => p.shards));
  assert.deepEqual(fig.data[1].y, points.map((p) => p.download_bytes / 1e9));
  assert.throws(() => shardsVsMixFigure([], { title: "t" }), /no series/);
});

test("the guide's §4 corpus sizes are bytes: in characters they fall short of each scenario's own need", () => {
  const rows = guideCorpusRows();
  const s42 = rows.find((r) => r.section === "§4.2")!;
  assert.equal(s42.shards_of_250mb, 240); // the guide's "60GB → ~240 shards" divides bytes by 250 MB
  assert.ok(Math.abs(s42.chars - (30e9 / BYTES_PER_CHAR.zh + 30e9)) < 1);
  assert.equal(s42.shards_of_250m_chars, Math.ceil(s42.chars / 250e6));
  const s43 = rows.find((r) => r.section === "§4.3")!;
  assert.equal(s43.shards_of_250mb, 16);
  assert.equal(s43.chars_needed, 3.5e9);
  for (const r of rows) assert.match(r.covers_need, /^✗/);
});
