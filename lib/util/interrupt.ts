// Stopping a long run when the person presses Interrupt in Jupyter.
//
// How tslab interrupts: Jupyter sends the kernel process SIGINT (kernelspec interrupt_mode "signal").
// tslab's handler rejects the running cell's promise at once ("Interrupted asynchronously") but
// cannot stop the async work behind it: a training loop would keep stepping in the kernel, printing
// into later cells. So the kernel launcher (scripts/tslab-kernel.cjs) also counts the interrupts in
// a process-wide record under Symbol.for(INTERRUPT_KEY), and long loops check it between steps.
// While a watched run is live the launcher leaves the cell running until the loop has stopped (a
// second Interrupt returns the cell at once). Outside the kernel (the CLI, tests) nobody counts and
// SIGINT keeps its usual meaning; requestInterrupt() stands in for it in tests.

/** The global record's key; scripts/tslab-kernel.cjs uses the same string. */
export const INTERRUPT_KEY = "nanochat-zh.interrupts";

interface InterruptRecord {
  /** Interrupts received so far. */
  count: number;
  /** Watched runs now live (the launcher waits for them to stop instead of returning the cell). */
  live: number;
}

function record(): InterruptRecord {
  const g = globalThis as unknown as Record<symbol, InterruptRecord | undefined>;
  const key = Symbol.for(INTERRUPT_KEY);
  return (g[key] ??= { count: 0, live: 0 });
}

/** Thrown by a watched run that stopped on an interrupt. */
export class InterruptedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InterruptedError";
  }
}

export interface InterruptWatch {
  /** True once an interrupt arrived after the watch began. */
  readonly requested: boolean;
  /** Stop watching (idempotent); call in `finally`. */
  close(): void;
}

/** Watch for interrupts from now on; `close()` it when the run ends. */
export function watchInterrupts(): InterruptWatch {
  const r = record();
  const start = r.count;
  let open = true;
  r.live++;
  return {
    get requested() {
      return record().count !== start;
    },
    close() {
      if (!open) return;
      open = false;
      record().live = Math.max(0, record().live - 1);
    },
  };
}

/** Record an interrupt, as the kernel launcher does on SIGINT; → how many watched runs are live. */
export function requestInterrupt(): number {
  const r = record();
  r.count++;
  return r.live;
}
