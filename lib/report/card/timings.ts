// out/notebooks/timings.json: per-notebook wall clock and status, written by scripts/run-notebooks.ts
// (atomically, at the start and end of every notebook, so a killed run still shows what it reached).
// A partial run (`npm start -- 07`) keeps the entries of the notebooks it did not run.
import fs from "node:fs";
import { writeJsonAtomic } from "../../util/atomicWrite";
import type { RunMode } from "../mode";
import type { EnvironmentInfo, NotebookStatus, NotebookTiming, Timings } from "./types";

const STATUSES: readonly NotebookStatus[] = ["running", "ok", "failed"];

function fail(file: string, field: string, why: string): never {
  throw new Error(`${file}: ${field}: ${why}`);
}

function checkTiming(file: string, i: number, v: unknown): NotebookTiming {
  const where = `notebooks[${i}]`;
  if (!v || typeof v !== "object") fail(file, where, "expected an object");
  const t = v as Record<string, unknown>;
  if (typeof t.notebook !== "string") fail(file, `${where}.notebook`, "expected a string");
  if (!STATUSES.includes(t.status as NotebookStatus)) fail(file, `${where}.status`, `expected one of ${STATUSES.join(", ")}`);
  if (typeof t.started !== "string") fail(file, `${where}.started`, "expected an ISO time string");
  if (t.seconds !== undefined && typeof t.seconds !== "number") fail(file, `${where}.seconds`, "expected a number");
  return t as unknown as NotebookTiming;
}

/** Parse timings.json; undefined when the file does not exist; errors name the file and field. */
export function readTimings(file: string): Timings | undefined {
  if (!fs.existsSync(file)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    fail(file, "(file)", `not JSON: ${(e as Error).message}`);
  }
  if (!raw || typeof raw !== "object") fail(file, "(file)", "expected an object");
  const t = raw as Record<string, unknown>;
  if (t.mode !== "small" && t.mode !== "full") fail(file, "mode", 'expected "small" or "full"');
  if (!t.environment || typeof t.environment !== "object") fail(file, "environment", "expected an object");
  if (!Array.isArray(t.notebooks)) fail(file, "notebooks", "expected a list");
  const notebooks = t.notebooks.map((n, i) => checkTiming(file, i, n));
  return { ...(t as unknown as Timings), notebooks };
}

/** Records one run's notebooks into timings.json; `now` is injectable for tests. */
export class TimingsRecorder {
  private readonly timings: Timings;
  private readonly t0 = new Map<string, number>();

  constructor(
    readonly file: string,
    run: { mode: RunMode; runner: Timings["runner"]; environment: EnvironmentInfo },
    previous: Timings | undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.timings = {
      mode: run.mode,
      runner: run.runner,
      started: new Date(this.now()).toISOString(),
      environment: run.environment,
      notebooks: previous ? previous.notebooks.slice() : [],
    };
    this.save();
  }

  get current(): Timings {
    return this.timings;
  }

  private put(entry: NotebookTiming): void {
    const list = this.timings.notebooks.filter((n) => n.notebook !== entry.notebook);
    list.push(entry);
    list.sort((a, b) => (a.notebook < b.notebook ? -1 : a.notebook > b.notebook ? 1 : 0));
    this.timings.notebooks = list;
    this.save();
  }

  /** A notebook starts: status "running" until end() (a killed run leaves it so). */
  begin(notebook: string): void {
    const t = this.now();
    this.t0.set(notebook, t);
    this.put({ notebook, status: "running", mode: this.timings.mode, started: new Date(t).toISOString() });
  }

  end(notebook: string, status: "ok" | "failed", error?: string): void {
    const t = this.now();
    const t0 = this.t0.get(notebook);
    if (t0 === undefined) throw new Error(`timings: end(${notebook}) without begin()`);
    const entry: NotebookTiming = { notebook, status, mode: this.timings.mode, started: new Date(t0).toISOString(), finished: new Date(t).toISOString(), seconds: (t - t0) / 1000 };
    if (error) entry.error = error;
    this.put(entry);
  }

  finish(): void {
    this.timings.finished = new Date(this.now()).toISOString();
    this.save();
  }

  private save(): void {
    writeJsonAtomic(this.file, this.timings);
  }
}
