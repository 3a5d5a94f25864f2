// The run folder's rules: never overwrite what an earlier run wrote unless asked.
//   fresh run   the folder must not exist or be empty
//   --resume    the folder must hold a checkpoint
//   --overwrite the folder must be a training run's (it holds RUN_MARK, written when a run starts there,
//               so a typo cannot wipe an unrelated folder)
import fs from "node:fs";
import path from "node:path";

export const RUN_MARK = ".nanozh-run";

function mark(out: string): void {
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, RUN_MARK), "a nanozh training run folder (nanozh train --overwrite may replace it)\n");
}

export function prepareRunFolder(out: string, opts: { resume?: boolean; overwrite?: boolean }): void {
  const exists = fs.existsSync(out);
  const entries = exists ? fs.readdirSync(out) : [];
  if (opts.resume) {
    if (!fs.existsSync(path.join(out, "checkpoint"))) throw new Error(`${out}: --resume: no checkpoint folder in it (nothing to resume)`);
    return;
  }
  if (entries.length === 0) {
    mark(out);
    return;
  }
  if (!opts.overwrite) throw new Error(`${out}: exists and is not empty; pass --resume to continue its run or --overwrite to start again (nothing was changed)`);
  if (!entries.includes(RUN_MARK)) throw new Error(`${out}: --overwrite refused: not a training run folder (no ${RUN_MARK} in it)`);
  fs.rmSync(out, { recursive: true, force: true });
  mark(out);
}
