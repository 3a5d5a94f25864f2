// The learner's walk (notebooks 00–05): every notebook says where a change of its parameters lasts and
// ends by saying where to go next; every built notebook equals its source.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { repoRoot } from "../../lib/util/paths";

// scripts/notebooks/build.ts runs its main() when imported, so the cells are split here the same way:
// `<!-- cell: id -->` lines start cells.
function cellsOf(text: string): { id: string; text: string }[] {
  const parts = text.split(/^<!-- cell: ([A-Za-z0-9_-]{1,64}) -->[ \t]*$/m);
  const out: { id: string; text: string }[] = [];
  for (let i = 1; i < parts.length; i += 2) out.push({ id: parts[i], text: parts[i + 1].trim() });
  return out;
}

const srcDir = path.join(repoRoot(), "scripts", "notebooks");
const walk = fs.readdirSync(srcDir).filter((f) => /^0[0-5]-.*\.nb\.md$/.test(f)).sort();

test("the walk has notebooks 00 to 05", () => {
  assert.deepEqual(walk.map((f) => f.slice(0, 2)), ["00", "01", "02", "03", "04", "05"]);
});

for (const f of walk) {
  const file = path.join(srcDir, f);
  const stem = f.replace(/\.nb\.md$/, "");
  test(`${stem}: where a change lasts, and what comes next`, () => {
    const cells = cellsOf(fs.readFileSync(file, "utf8"));
    assert.ok(cells.length > 2, `${f}: cells`);
    const text = (c: { text: string }) => c.text;
    const params = cells.find((c) => c.id === "params") ?? cells[0];
    const says = text(params);
    assert.match(says, /Where a change lasts/, `${f}: the parameters cell (or, without one, the first cell) says where a change lasts`);
    for (const where of ["build.ts", "out/notebooks/", ".nb.md"]) assert.ok(says.includes(where), `${f}: mentions ${where}`);
    if (params.id === "params") assert.ok(says.includes(`notebooks/${stem}.ipynb`), `${f}: names its own notebook`);
    const last = text(cells[cells.length - 1]);
    assert.match(last, /\*\*Next:\*\* `\d\d-[a-z-]+\.ipynb`/, `${f}: the last cell says where to go next`);
  });
}

test("notebooks/00–05 are built from their sources (build.ts --check)", () => {
  const r = spawnSync(process.execPath, ["--import", "tsx", path.join(srcDir, "build.ts"), "--check"], { cwd: repoRoot(), encoding: "utf8" });
  const lines = r.stdout.split("\n").filter((l) => /notebooks\/0[0-5]-/.test(l));
  assert.equal(lines.length, walk.length, r.stdout + r.stderr);
  for (const l of lines) assert.match(l, /^ok /, `${l}: run npx tsx scripts/notebooks/build.ts`);
});
