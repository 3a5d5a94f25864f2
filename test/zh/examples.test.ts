import { test } from "node:test";
import assert from "node:assert/strict";
import { histogramPercent } from "../../lib/zh/figures";
import { dropReasonsFigure, firstChange, makeNormalizer, scriptHistogramFigure, showInvisibles, truncateChars, wordLengthFigure } from "../../lib/zh/index";

test("firstChange: the first changed text, cut around the first difference", () => {
  const t2s = makeNormalizer({ script: "t2s" });
  const texts = ["简体中文不变。", "這是一段很長的繁體中文，從這裡開始轉換。"];
  const ex = firstChange(texts, t2s, 6, 2)!;
  assert.equal(ex.index, 1);
  assert.equal(ex.before, "這是一段很長…");
  assert.equal(ex.after, "这是一段很长…");
  assert.equal(firstChange(["已经是简体"], t2s), undefined);
  // the window starts contextChars before the change; lengths differ (hygiene removes characters)
  const h = makeNormalizer({ hygiene: true });
  const e2 = firstChange(["前面的文字\u200b后面", "x"], h, 20, 3)!;
  assert.equal(e2.index, 0);
  assert.equal(e2.before, "的文字\u200b后面");
  assert.equal(e2.after, "的文字后面");
  assert.equal(e2.changedLength, 1);
  // a window never starts inside a surrogate pair
  const e3 = firstChange(["𠀀ab"], (s) => s.replace("b", "c"), 10, 2)!;
  assert.equal(e3.before, "𠀀ab");
});

test("showInvisibles and truncateChars", () => {
  assert.equal(showInvisibles("\ufeffa b\u3000c\n\t\u200b\u0007"), "⟨BOM⟩a·b□c⏎⇥⟨ZWSP⟩⟨U+0007⟩");
  assert.equal(showInvisibles("a b", false), "a b");
  assert.equal(showInvisibles("\u2066x"), "⟨U+2066⟩x");
  assert.equal(truncateChars("𠀀𠀁𠀂", 2), "𠀀𠀁…");
  assert.equal(truncateChars("abc", 3), "abc");
});

test("figures: traces per source, axes titled with units", () => {
  const h = scriptHistogramFigure([{ name: "a", han: [0.1, 0.9], latin: [0, 0.1] }, { name: "b", han: [0.5], latin: [0.5] }], { title: "t" });
  assert.equal(h.data.length, 4);
  assert.deepEqual(h.data.map((d) => d.xaxis), ["x", "x2", "x", "x2"]);
  assert.match(JSON.stringify(h.layout.yaxis), /% of the source/);
  assert.deepEqual(h.data[0].y, histogramPercent([0.1, 0.9]).percent);
  const d = dropReasonsFigure({ spam: 2, min_chars: 5 }, { title: "t", docs: 10, kept: 3 });
  assert.deepEqual(d.data[0].y, ["spam", "min_chars"]);
  assert.match(JSON.stringify(d.layout.title), /7 dropped/);
  const w = wordLengthFigure([{ name: "a", counts: { 1: 2, 2: 1, 9: 1 }, words: 4, meanChars: 3.25 }], { title: "t", maxLen: 3 });
  assert.deepEqual(w.data[0].x, ["1", "2", "≥3"]);
  assert.deepEqual(w.data[0].y, [50, 25, 25]);
});

test("histogramPercent equals a plain count per bin; 1.0 falls in the last bin", () => {
  const values = [0, 0.04, 0.05, 0.5, 0.999, 1, 0.25, 0.25];
  const h = histogramPercent(values, 0.25);
  assert.deepEqual(h.centers, [0.125, 0.375, 0.625, 0.875]);
  const twin = [0, 0, 0, 0];
  for (const v of values) twin[v >= 1 ? 3 : Math.floor(v / 0.25)]++;
  assert.deepEqual(h.percent, twin.map((c) => (100 * c) / values.length));
  assert.deepEqual(histogramPercent([], 0.5).percent, [0, 0]);
  assert.throws(() => histogramPercent([0.1], 0.3), /divide 1/);
});
