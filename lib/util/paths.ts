// Where things live. Works the same under tsx (ESM) and the tslab kernel (CommonJS):
// no import.meta, no __dirname — the repository root is found from the working directory.
import fs from "node:fs";
import path from "node:path";

const PACKAGE_NAME = "nanochat-zh";

/** The repository root: the nearest ancestor of `from` whose package.json is this package. */
export function repoRoot(from: string = process.cwd()): string {
  let dir = path.resolve(from);
  for (;;) {
    const pkg = path.join(dir, "package.json");
    if (fs.existsSync(pkg)) {
      try {
        if (JSON.parse(fs.readFileSync(pkg, "utf8")).name === PACKAGE_NAME) return dir;
      } catch {
        // not ours; keep walking
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`nanochat-zh repository root not found above ${from}`);
    dir = parent;
  }
}

/** The shared real-data folder: $NANOZH_SHARED_DATA, else ../shared/data beside the repository. */
export function sharedDataDir(): string {
  noteSharedUse();
  return process.env.NANOZH_SHARED_DATA ?? path.resolve(repoRoot(), "..", "shared", "data");
}

let sharedUseNoted = false;
/**
 * `npm test -- --shared-log FILE` (scripts/test.mjs) records which test files reach ../shared, through
 * this function, the only way to it; CI's fresh-clone pass reruns exactly those files without it.
 */
function noteSharedUse(): void {
  const log = process.env.NANOZH_SHARED_USE_LOG;
  const testFile = process.env.NANOZH_TEST_FILE;
  if (sharedUseNoted || !log || !testFile) return;
  sharedUseNoted = true;
  fs.appendFileSync(log, testFile + "\n");
}

/** True when the shared real data is present (tests on it skip, loudly, when it is not). */
export function hasSharedData(): boolean {
  return fs.existsSync(path.join(sharedDataDir(), "MANIFEST.tsv"));
}

/** For node:test's `skip`: false when the shared data is present, else a message saying where it was looked for. */
export function sharedDataSkip(): string | false {
  return hasSharedData() ? false : `shared data not found at ${sharedDataDir()} (no MANIFEST.tsv; set NANOZH_SHARED_DATA or put it at ../shared/data)`;
}

/** Bundled default data shipped in the repository. */
export function bundledDataDir(): string {
  return path.join(repoRoot(), "data");
}

/** Results folder (git-ignored): $NANOZH_OUT or <repo>/out. Created on demand. */
export function outDir(...parts: string[]): string {
  const dir = path.join(process.env.NANOZH_OUT ?? path.join(repoRoot(), "out"), ...parts);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
