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

/** Show Markdown in the notebook; print it as plain text elsewhere. */
export function showMarkdown(text: string): void {
  const d = notebookDisplay();
  if (d) d.markdown(text);
  else process.stdout.write(text.endsWith("\n") ? text : text + "\n");
}

/** Show HTML in the notebook; print `fallbackText` elsewhere. */
export function showHtml(html: string, fallbackText: string): void {
  const d = notebookDisplay();
  if (d) d.html(html);
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
