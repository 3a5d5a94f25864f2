// The tslab instance running this code, when it runs in a notebook cell. The tslab executor (the
// Jupyter kernel and the headless runner alike) publishes `globalThis.__tslab__ = {exports, require}`,
// and its `require` maps "tslab" to the very tslab instance that runs the cell. Outside a notebook
// (tsx, tests, the CLI) nothing here loads tslab or zeromq.

/** The part of tslab's `Display` the library uses. */
export interface TslabDisplay {
  html(s: string): void;
  markdown(s: string): void;
  text(s: string): void;
  png(b: Uint8Array): void;
}

export interface TslabModule {
  display: TslabDisplay;
  /** A display that each call overwrites (update_display_data). */
  newDisplay(): TslabDisplay;
}

/** tslab's module, or undefined outside a notebook cell. */
export function tslabModule(): TslabModule | undefined {
  const g = (globalThis as { __tslab__?: { require?: unknown } }).__tslab__;
  if (!g || typeof g.require !== "function") return undefined;
  return (g.require as (id: string) => TslabModule)("tslab");
}

/**
 * A line of progress or status (not a warning). In a notebook it goes to stdout: Jupyter shows
 * stderr as a pink error block. Elsewhere to stderr, which keeps a command's stdout for its results.
 */
export function statusLine(line: string): void {
  (tslabModule() ? process.stdout : process.stderr).write(line.endsWith("\n") ? line : line + "\n");
}
