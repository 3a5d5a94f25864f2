// The run folder's rules: never overwrite what an earlier run wrote unless asked, and never lose it
// before the new run is complete.
//   fresh run   the folder must not exist or be empty; the run writes in place (a killed train resumes)
//   --resume    the folder must hold a checkpoint (train only); the run writes in place
//   --overwrite the folder must be a training run's (it holds RUN_MARK, written when a run starts there,
//               so a typo cannot wipe an unrelated folder). The new run writes into a staging folder beside
//               it (lib/util/dirSwap) and is swapped in only when it is complete: a failed or killed run
//               leaves the earlier one as it was (its staging folder is removed by the next run there).
// checkRunFolder says all this without touching anything, so a command can check its inputs first.
import fs from "node:fs";
import path from "node:path";
import { commitDir, discardDir, recoverDir, stageDir } from "../util/dirSwap";
import { describeWriteError, makeDir } from "../util/makeDir";

export const RUN_MARK = ".nanozh-run";

export interface RunFolderOptions {
  resume?: boolean;
  overwrite?: boolean;
  /** the command, for the messages ("train", "sft") */
  command?: string;
  /** whether the command accepts --resume (named in the "not empty" message only then); default true */
  canResume?: boolean;
  /** stage even a fresh run (a killed run then leaves no half-written folder); default false */
  stageFresh?: boolean;
}

export type RunFolderPlan = "in place" | "resume" | "stage";

function mark(dir: string): void {
  makeDir(dir);
  try {
    fs.writeFileSync(path.join(dir, RUN_MARK), "a nanozh training run folder (nanozh train --overwrite may replace it)\n");
  } catch (err) {
    throw describeWriteError(err, path.join(dir, RUN_MARK));
  }
}

/** What opening `out` would do, or an error saying why it is refused; changes nothing. */
export function checkRunFolder(out: string, opts: RunFolderOptions): RunFolderPlan {
  const cmd = opts.command ?? "train";
  if (fs.existsSync(out) && !fs.statSync(out).isDirectory()) throw new Error(`${out}: --out is a file, not a folder; give a folder for the run`);
  const entries = fs.existsSync(out) ? fs.readdirSync(out) : [];
  if (opts.resume) {
    if (!fs.existsSync(path.join(out, "checkpoint"))) throw new Error(`${out}: --resume: no checkpoint folder in it (nothing to resume)`);
    return "resume";
  }
  if (entries.length === 0) return opts.stageFresh ? "stage" : "in place";
  const resume = opts.canResume ?? true;
  if (!opts.overwrite)
    throw new Error(`${out}: exists and is not empty; ${resume ? "pass --resume to continue its run or " : "pass "}--overwrite to replace it with a new ${cmd} run, or choose another --out (nothing was changed)`);
  if (!entries.includes(RUN_MARK)) throw new Error(`${out}: --overwrite refused: not a training run folder (no ${RUN_MARK} in it); nothing was changed — choose another --out`);
  return "stage";
}

export interface RunFolder {
  /** the run folder as the user named it (absolute) */
  out: string;
  /** where this run writes: `out` itself, or a staging folder beside it until commit */
  work: string;
  /** `p` (a path under `work`) as it will be named once committed: what the run records in its files */
  final(p: string): string;
  /** swap a staged run in (only now does an earlier run go); nothing to do in place */
  commit(): void;
  /** after a failure: remove a staged run (the earlier run stays as it was); nothing to do in place */
  discard(): void;
  /** true when the run writes into a staging folder */
  staged: boolean;
}

/** Check `out` (checkRunFolder), then make it ready: marked in place, or a marked staging folder beside it. */
export function openRunFolder(out: string, opts: RunFolderOptions & { log?: (line: string) => void }): RunFolder {
  const abs = path.resolve(out);
  for (const line of recoverDir(abs)) opts.log?.(line);
  const plan = checkRunFolder(abs, opts);
  if (plan !== "stage") {
    if (plan === "in place") mark(abs);
    return { out: abs, work: abs, final: (p) => p, commit: () => {}, discard: () => {}, staged: false };
  }
  const staging = stageDir(abs);
  mark(staging);
  let done = false;
  return {
    out: abs,
    work: staging,
    staged: true,
    final: (p) => {
      const rel = path.relative(staging, p);
      return rel === "" ? abs : rel.startsWith("..") || path.isAbsolute(rel) ? p : path.join(abs, rel);
    },
    commit: () => {
      if (done) return;
      commitDir(staging, abs, { owned: () => true });
      done = true;
    },
    discard: () => {
      if (done) return;
      discardDir(staging);
      done = true;
    },
  };
}
