import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CJK_FONT_FAMILY, findChrome, plotHtml, showPlot } from "../../lib/report";
import { ensurePlotlyBundle, PLOTLY_FILE, plotlyBundleBytes } from "../../lib/report/plot";
import { countColour, decodePng, PNG_SIGNATURE } from "./png";

const figure = (ys: number[], title = "训练损失 </script><b>") => ({
  data: [{ type: "scatter", mode: "lines", x: ys.map((_, i) => i), y: ys, name: "验证集", line: { color: "#1f77b4", width: 6 } }],
  layout: { title: { text: title }, xaxis: { title: { text: "步数" } } },
});

function withOut<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-plot-"));
  const prev = process.env.NANOZH_OUT;
  // (stdout is left alone: node --test reports through it.)
  process.env.NANOZH_OUT = dir;
  return fn(dir).finally(() => {
    if (prev === undefined) delete process.env.NANOZH_OUT;
    else process.env.NANOZH_OUT = prev;
    fs.rmSync(dir, { recursive: true, force: true });
  });
}

test("plot HTML loads plotly from its own folder: data and CJK font inside, script-safe", () => {
  const html = plotHtml(figure([3.5, 2.25, 1.125]), "loss");
  const bundle = plotlyBundleBytes().toString("utf8");
  assert.ok(bundle.length > 1_000_000);
  assert.ok(!html.includes(bundle.slice(0, 200)), "bundle not inlined");
  assert.ok(html.length < 10_000, `page is small, got ${html.length} chars`);
  assert.deepEqual([...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]), [PLOTLY_FILE], "one relative script: the shared bundle");
  assert.ok(html.includes("[3.5,2.25,1.125]"));
  assert.ok(html.includes("训练损失") && html.includes("验证集"));
  assert.ok(html.includes(JSON.stringify(CJK_FONT_FAMILY)));
  // The title's "</script>" must not close the inline script early.
  assert.equal(html.match(/<\/script>/g)?.length, 2);
});

test("the plotly bundle is written once per folder, and replaced when it differs", () =>
  withOut(async (dir) => {
    const plots = path.join(dir, "plots");
    const file = ensurePlotlyBundle(plots);
    assert.equal(file, path.join(plots, PLOTLY_FILE));
    assert.ok(fs.readFileSync(file).equals(plotlyBundleBytes()));
    const before = fs.statSync(file).mtimeMs;
    fs.utimesSync(file, new Date(0), new Date(0));
    ensurePlotlyBundle(plots);
    assert.equal(fs.statSync(file).mtimeMs, 0, "an equal bundle is left alone");
    assert.ok(before > 0);
    fs.writeFileSync(file, "/* an older plotly */");
    ensurePlotlyBundle(plots);
    assert.ok(fs.readFileSync(file).equals(plotlyBundleBytes()), "a different bundle is replaced");
    assert.deepEqual(fs.readdirSync(plots), [PLOTLY_FILE], "no temporary files left");
  }));

test("a caller's font family is kept", () => {
  const html = plotHtml({ data: [], layout: { font: { family: "Serif", size: 20 } } }, "x");
  assert.ok(html.includes('"font":{"family":"Serif","size":20}'));
});

test("showPlot with png: false writes the HTML only", () =>
  withOut(async (dir) => {
    const p = await showPlot(figure([1, 2]), { name: "html-only", png: false });
    assert.equal(p.html, path.join(dir, "plots", "html-only.html"));
    assert.equal(p.png, undefined);
    assert.deepEqual(fs.readdirSync(path.join(dir, "plots")).sort(), ["html-only.html", PLOTLY_FILE]);
    await showPlot(figure([2, 1]), { name: "html-two", png: false });
    assert.deepEqual(fs.readdirSync(path.join(dir, "plots")).sort(), ["html-only.html", "html-two.html", PLOTLY_FILE], "one bundle for both pages");
  }));

const chrome = findChrome();
test("showPlot draws a real PNG through headless Chromium and overwrites it on re-run", { skip: chrome ? false : "no Chromium found (set CHROME_PATH): PNG rendering not tested" }, () =>
  withOut(async () => {
    const p1 = await showPlot(figure([3, 1, 2]), { name: "loss", width: 640, height: 360 });
    assert.ok(p1.png && fs.existsSync(p1.html));
    const bytes1 = fs.readFileSync(p1.png!);
    assert.ok(bytes1.subarray(0, 8).equals(PNG_SIGNATURE));
    assert.ok(bytes1.length > 8_000 && bytes1.length < 2_000_000, `plausible size, got ${bytes1.length}`);
    const img = decodePng(bytes1);
    assert.equal(img.width, 640);
    assert.equal(img.height, 360);
    // The trace was drawn (a page screenshotted before Plotly ran would be white).
    assert.ok(countColour(img, [0x1f, 0x77, 0xb4], 10) > 500, "trace colour present");
    const p2 = await showPlot({ ...figure([1, 2, 3]), layout: { width: 320, height: 200 } }, { name: "loss", scale: 2 });
    assert.equal(p2.png, p1.png);
    const img2 = decodePng(fs.readFileSync(p2.png!));
    assert.deepEqual([img2.width, img2.height], [640, 400]);
  }));
