// showPlot: a Plotly figure → an offline HTML file and a PNG drawn by headless Chromium, shown inline as
// the PNG (never plotly itself: ~5 MB of JS per cell output). The 4.8 MB plotly bundle is written once per
// plots folder (out/plots/plotly.min.js) and each page loads it by a relative <script src>, so a folder of
// 14 plots weighs ~5 MB, not ~68 MB, and still opens offline (also when the folder is moved whole).
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { repoRoot, outDir } from "../util/paths";
import { writeFileAtomic } from "../util/atomicWrite";
import { findChrome, screenshotHtml } from "./chrome";
import { checkOutputName, inNotebook, showMarkdown, showPng } from "./notebook";
import { escapeHtml } from "./tableFormat";
import { relativeOut, savedFiles } from "./table";

/** Fonts with CJK glyphs first, so 中文 labels render (fonts-wqy-microhei on Debian). */
export const CJK_FONT_FAMILY = "WenQuanYi Micro Hei, Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif";

/** A Plotly figure as plain data (traces and layout as Plotly documents them). */
export interface PlotFigure {
  data: Record<string, unknown>[];
  layout?: Record<string, unknown>;
  config?: Record<string, unknown>;
}

export interface PlotOptions {
  /** File stem: out/plots/<name>.html and .png (overwritten on every run). */
  name: string;
  /** PNG size in CSS pixels; default layout.width/height, else 900 × 500. */
  width?: number;
  height?: number;
  /** PNG device pixel ratio; default 1. */
  scale?: number;
  /** false: write the HTML only (no Chromium). Default: PNG when Chromium is found. */
  png?: boolean;
}

export interface PlotPaths {
  html: string;
  /** Undefined when no PNG was drawn (no Chromium, or png: false). */
  png?: string;
}

// The PNG is a picture: wait for the draw, then hide Plotly's hover toolbar.
const HIDE_MODEBAR_WHEN_RENDERED = `window.nanozhRendered.then(function (r) {
  document.querySelectorAll(".modebar-container").forEach(function (e) { e.style.display = "none"; }); return r; })`;

/** File name of the shared plotly bundle beside the plot pages. */
export const PLOTLY_FILE = "plotly.min.js";

let plotlyBundle: Buffer | undefined;

/** The plotly.js-dist-min bundle (read once per process). */
export function plotlyBundleBytes(): Buffer {
  if (plotlyBundle === undefined) {
    const req = createRequire(path.join(repoRoot(), "package.json"));
    plotlyBundle = fs.readFileSync(req.resolve("plotly.js-dist-min"));
  }
  return plotlyBundle;
}

/**
 * Make `dir/plotly.min.js` the bundle: written atomically when absent or different (another plotly
 * version), left alone when equal. Returns its path.
 */
export function ensurePlotlyBundle(dir: string): string {
  const file = path.join(dir, PLOTLY_FILE);
  const bundle = plotlyBundleBytes();
  let same = false;
  try {
    same = fs.statSync(file).size === bundle.length && fs.readFileSync(file).equals(bundle);
  } catch {
    same = false;
  }
  if (!same) writeFileAtomic(file, bundle);
  return file;
}

/** The figure with the CJK font family filled in where the caller set none. */
export function withCjkFont(fig: PlotFigure): PlotFigure {
  const layout = { ...(fig.layout ?? {}) };
  const font = { ...((layout.font as Record<string, unknown> | undefined) ?? {}) };
  if (font.family === undefined) font.family = CJK_FONT_FAMILY;
  layout.font = font;
  return { ...fig, layout };
}

/** JSON safe to put inside <script>: no "</script>", no U+2028/2029 surprises. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/**
 * An offline HTML page for the figure; it loads plotly from `plotly.min.js` in its own folder
 * (ensurePlotlyBundle). `window.nanozhRendered` resolves once drawn.
 */
export function plotHtml(fig: PlotFigure, title: string): string {
  const f = withCjkFont(fig);
  const config = { displaylogo: false, responsive: true, ...(f.config ?? {}) };
  return [
    "<!DOCTYPE html>",
    '<html><head><meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title>`,
    "<style>html,body{margin:0;padding:0;background:#fff;overflow:hidden}#plot{width:100vw;height:100vh}</style>",
    "</head><body>",
    '<div id="plot"></div>',
    `<script src="${PLOTLY_FILE}"></script>`,
    "<script>",
    `var figure = ${scriptJson(f)};`,
    `window.nanozhRendered = Plotly.newPlot("plot", figure.data, figure.layout || {}, ${scriptJson(config)}).then(function () { return "ok"; });`,
    "</script>",
    "</body></html>",
    "",
  ].join("\n");
}

/** Save out/plots/<name>.html and, with Chromium, <name>.png; show the PNG (or a note). */
export async function showPlot(fig: PlotFigure, opts: PlotOptions): Promise<PlotPaths> {
  const name = checkOutputName(opts.name, "showPlot");
  if (!fig || !Array.isArray(fig.data)) throw new Error(`showPlot(${name}): figure must be {data: [...], layout?: {...}}`);
  const dir = outDir("plots");
  const paths: PlotPaths = { html: path.join(dir, `${name}.html`) };
  ensurePlotlyBundle(dir);
  writeFileAtomic(paths.html, plotHtml(fig, name));
  const chrome = opts.png === false ? undefined : findChrome();
  if (!chrome) {
    // A stale PNG from an earlier run must not pass for this figure.
    fs.rmSync(path.join(dir, `${name}.png`), { force: true });
    const why = opts.png === false ? "" : " (no Chromium found for a PNG: install chromium or set CHROME_PATH)";
    showMarkdown(`Plot saved to \`${relativeOut(paths.html)}\`${why}.`);
    return savedFiles(paths);
  }
  const layout = fig.layout ?? {};
  const width = opts.width ?? (typeof layout.width === "number" ? layout.width : 900);
  const height = opts.height ?? (typeof layout.height === "number" ? layout.height : 500);
  const png = await screenshotHtml(paths.html, { width, height, scale: opts.scale ?? 1, readyExpression: HIDE_MODEBAR_WHEN_RENDERED, chrome });
  paths.png = path.join(dir, `${name}.png`);
  writeFileAtomic(paths.png, png);
  if (inNotebook()) showPng(png, paths.png);
  else process.stdout.write(`plot: ${relativeOut(paths.png)} (${relativeOut(paths.html)})\n`);
  return savedFiles(paths);
}
