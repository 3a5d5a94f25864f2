import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { repoRoot, sharedDataSkip } from "../../lib/util/paths";
import { convertScript, OPENCC_CONFIGS } from "../../lib/zh/index";
import { loadOpenCCCases, runOpenCCCases } from "../../lib/zh/openccCases";
import { OPENCC_FAILURE_REASONS, OPENCC_PASS_COUNTS } from "./openccKnown";

test("script conversion basics", () => {
  assert.equal(convertScript("漢語簡體轉換", "t2s"), "汉语简体转换");
  assert.equal(convertScript("汉语", "s2t"), "漢語");
  assert.equal(convertScript("自行车", "s2twp"), "腳踏車");
  assert.equal(convertScript("鼠标", "s2twp"), "滑鼠");
  assert.equal(convertScript("着", "s2hk"), "着");
  assert.equal(convertScript("English 123 ＡＢＣ", "t2s"), "English 123 ＡＢＣ"); // t2s touches nothing else
  assert.throws(() => convertScript("x", "x2y" as never), /unknown OpenCC config 'x2y'/);
});

test("OpenCC official cases: pass counts per config and the exact known-failure set", { skip: sharedDataSkip() }, () => {
  const cases = loadOpenCCCases();
  assert.ok(cases.length >= 200);
  const r = runOpenCCCases(cases);
  assert.deepEqual(r.unsupported, []);
  // every config in the file is one opencc-js offers, and every opencc-js config is in the file
  assert.deepEqual(Object.keys(r.perConfig).sort(), Object.keys(OPENCC_CONFIGS).sort());
  assert.deepEqual(Object.fromEntries(Object.entries(r.perConfig).sort()), OPENCC_PASS_COUNTS);
  assert.deepEqual(r.failures.map((f) => `${f.config}:${f.id}`).sort(), Object.keys(OPENCC_FAILURE_REASONS).sort());
  // the documentation lists the same cases
  const md = fs.readFileSync(path.join(repoRoot(), "lib", "zh", "OPENCC_CASES.md"), "utf8");
  for (const f of r.failures) assert.ok(md.includes(`### ${f.id} (${f.config})`), `OPENCC_CASES.md lacks ${f.id}`);
});
