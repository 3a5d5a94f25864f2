// The machine a run happened on: Node, OS, CPU, memory and the git commit of the working tree.
import { spawnSync } from "node:child_process";
import os from "node:os";
import type { EnvironmentInfo } from "./types";

function git(root: string, args: string[]): string | undefined {
  const r = spawnSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 10_000 });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** This machine now; the git fields are left out where `root` is not a git checkout (or git is missing). */
export function captureEnvironment(root: string): EnvironmentInfo {
  const cpus = os.cpus();
  const env: EnvironmentInfo = {
    node: process.version,
    os: `${os.type()} ${os.release()} (${os.platform()}/${os.arch()})`,
    cpu: cpus.length ? cpus[0].model.trim() : "unknown",
    cores: typeof os.availableParallelism === "function" ? os.availableParallelism() : cpus.length,
    memory_gib: os.totalmem() / 2 ** 30,
  };
  const commit = git(root, ["rev-parse", "HEAD"]);
  if (commit) {
    env.git_commit = commit;
    const status = git(root, ["status", "--porcelain", "--untracked-files=no"]);
    if (status !== undefined) env.git_dirty = status !== "";
  }
  return env;
}
