// Progress for long work: done/total, rate and ETA, printed at most every `intervalMs`.
import { tslabModule } from "./tslab";

export interface ProgressOptions {
  label: string;
  total?: number;
  unit?: string;
  intervalMs?: number;
  /** Where lines go; default: one updating line in a notebook, stderr elsewhere. Pass a no-op to silence. */
  write?: (line: string) => void;
}

export interface Progress {
  tick(n?: number): void;
  done(): void;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, "0")}m` : m > 0 ? `${m}m${String(r).padStart(2, "0")}s` : `${r}s`;
}

export function progress(opts: ProgressOptions): Progress {
  const write = opts.write ?? defaultWriter();
  const unit = opts.unit ?? "items";
  const interval = opts.intervalMs ?? 2000;
  const start = Date.now();
  let last = start;
  let count = 0;
  const line = (final: boolean): string => {
    const secs = Math.max((Date.now() - start) / 1000, 1e-9);
    const rate = count / secs;
    const parts = [`${opts.label}: ${count.toLocaleString("en-US")}`];
    if (opts.total !== undefined) parts[0] += `/${opts.total.toLocaleString("en-US")} ${unit} (${(opts.total > 0 ? (100 * count) / opts.total : 100).toFixed(1)}%)`;
    else parts[0] += ` ${unit}`;
    parts.push(`${rate.toFixed(rate >= 100 ? 0 : 1)} ${unit}/s`);
    if (final) parts.push(`done in ${formatDuration(secs)}`);
    else if (opts.total !== undefined && rate > 0) parts.push(`ETA ${formatDuration((opts.total - count) / rate)}`);
    return parts.join(", ");
  };
  return {
    tick(n = 1) {
      count += n;
      const now = Date.now();
      if (now - last >= interval) {
        last = now;
        write(line(false));
      }
    },
    done() {
      write(line(true));
    },
  };
}

/**
 * In a notebook: one display that each line replaces (stderr would show as a pink error block and
 * pile up a line per update). Elsewhere: stderr, keeping stdout for a command's results.
 */
function defaultWriter(): (line: string) => void {
  const tslab = tslabModule();
  if (!tslab) return (line) => process.stderr.write(line + "\n");
  let shown: ReturnType<typeof tslab.newDisplay> | undefined;
  return (line) => (shown ??= tslab.newDisplay()).text(line);
}
