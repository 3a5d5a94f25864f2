// Notebook display without importing "tslab": the tslab executor (the Jupyter kernel and the
// headless runner alike) publishes `globalThis.__tslab__ = {exports, require}`, and its `require`
// maps "tslab" to the very tslab instance that runs the cell. Outside a notebook (tsx, tests)
// nothing here loads tslab or zeromq.

/** The part of tslab's `Display` this library uses. */
export interface NotebookDisplay {
  html(s: string): void;
  markdown(s: string): void;
  text(s: string): void;
  png(b: Uint8Array): void;
}

interface TslabGlobal {
  require: (id: string) => unknown;
}

function tslabGlobal(): TslabGlobal | undefined {
  const g = (globalThis as { __tslab__?: TslabGlobal }).__tslab__;
  return g && typeof g.require === "function" ? g : undefined;
}

/** True when this code runs in a tslab notebook cell (Jupyter kernel or the headless runner). */
export function inNotebook(): boolean {
  return tslabGlobal() !== undefined;
}

/** tslab's display API, or undefined outside a notebook. */
export function notebookDisplay(): NotebookDisplay | undefined {
  const g = tslabGlobal();
  if (!g) return undefined;
  const mod = g.require("tslab") as { display?: NotebookDisplay };
  return mod.display;
}

/** A dollar sign that Jupyter's Markdown renderers show as a dollar (see escapeMarkdownDollars). */
export const MARKDOWN_DOLLAR = '<span class="tex2jax_ignore">&#36;</span>';

/**
 * Markdown whose dollars stay dollars. Jupyter renders Markdown with MathJax, which pairs `$…$` into
 * maths: "**$82.53** at $3/GPU-h … $79.55" came out as "82.53 * *at3/GPU-h". A backslash is not
 * enough (the classic notebook's Markdown step turns `\$` back into `$` before MathJax runs). So each
 * `$` (and `\$`) outside code becomes an HTML entity in a `tex2jax_ignore` span: the math pre-pass
 * of the classic notebook and JupyterLab never sees a `$`, and MathJax 2 and 3 skip that class. Code
 * spans and fenced blocks are left alone (no maths is read there, and the markup would show).
 */
export function escapeMarkdownDollars(text: string): string {
  // fenced blocks (``` or ~~~ to the matching fence or the end) and inline code spans (`…`, ``…``)
  const code = /(^|\n)(```|~~~)[^\n]*\n[\s\S]*?(?:\n\2[^\n]*(?=\n|$)|$)|(`+)[\s\S]*?[^`]\3(?!`)/g;
  let out = "";
  let last = 0;
  for (const m of text.matchAll(code)) {
    out += escapePlain(text.slice(last, m.index)) + m[0];
    last = m.index! + m[0].length;
  }
  return out + escapePlain(text.slice(last));
}

function escapePlain(s: string): string {
  // an odd run of backslashes before `$` escapes it: drop that one backslash; an even run is literal backslashes
  return s.replace(/(\\*)\$/g, (_all, slashes: string) => slashes.slice(0, slashes.length - (slashes.length % 2)) + MARKDOWN_DOLLAR);
}

/**
 * HTML that MathJax leaves alone: `tex2jax_ignore` is the class MathJax 2 (classic notebook, nbconvert)
 * and MathJax 3 (JupyterLab) skip, so a "$3" in a table cell stays a dollar.
 */
export function mathFreeHtml(html: string): string {
  return `<div class="tex2jax_ignore">${html}</div>`;
}

/** Show Markdown in the notebook (dollars kept as dollars, see escapeMarkdownDollars); print it as plain text elsewhere. */
export function showMarkdown(text: string): void {
  const d = notebookDisplay();
  if (d) d.markdown(escapeMarkdownDollars(text));
  else process.stdout.write(text.endsWith("\n") ? text : text + "\n");
}

/** Show HTML in the notebook (outside MathJax's reach, see mathFreeHtml); print `fallbackText` elsewhere. */
export function showHtml(html: string, fallbackText: string): void {
  const d = notebookDisplay();
  if (d) d.html(mathFreeHtml(html));
  else process.stdout.write(fallbackText.endsWith("\n") ? fallbackText : fallbackText + "\n");
}

/** Show a PNG in the notebook; print `fallbackText` (e.g. its path) elsewhere. */
export function showPng(png: Uint8Array, fallbackText: string): void {
  const d = notebookDisplay();
  if (d) d.png(png);
  else process.stdout.write(fallbackText.endsWith("\n") ? fallbackText : fallbackText + "\n");
}

/** Output file names: letters, digits, CJK, `.`, `_`, `-`; no folders. */
export function checkOutputName(name: string, what: string): string {
  if (typeof name !== "string" || !/^[\p{L}\p{N}_][\p{L}\p{N}._-]*$/u.test(name) || name.length > 120) {
    throw new Error(`${what}: name ${JSON.stringify(name)} must be letters, digits, '.', '_' or '-' (no folders), at most 120 characters`);
  }
  return name;
}
