// Checks on the paths a command is given, before anything is read or written: an input that is a
// folder, or two outputs (or an output and an input) that are the same file. The errors name the
// option and the path.
import fs from "node:fs";
import path from "node:path";

/**
 * The path a file would have with symbolic links resolved: realpath of the file when it exists,
 * else realpath of its nearest existing ancestor joined with the rest.
 */
export function canonicalPath(file: string): string {
  const abs = path.resolve(file);
  let dir = abs;
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(fs.realpathSync(dir), ...rest);
    } catch {
      const parent = path.dirname(dir);
      if (parent === dir) return abs;
      rest.unshift(path.basename(dir));
      dir = parent;
    }
  }
}

/** One path a command was given: the option that named it (e.g. "--out") and the path. */
export interface NamedPath {
  option: string;
  path: string;
}

/** Device and inode of an existing file (hard links share them), else null. */
function inodeKey(file: string): string | null {
  try {
    const st = fs.statSync(file);
    return `inode ${st.dev}:${st.ino}`;
  } catch {
    return null;
  }
}

/**
 * Throw when two of `paths` are the same file (after path.resolve and realpath, or one inode):
 * writing one would overwrite the other, or the input while it is read. Undefined entries (options
 * not given) are skipped.
 */
export function assertDistinctPaths(paths: (NamedPath | undefined)[]): void {
  const seen = new Map<string, NamedPath>();
  for (const p of paths) {
    if (!p) continue;
    const canonical = canonicalPath(p.path);
    const keys = [canonical, inodeKey(p.path)].filter((k): k is string => k !== null);
    for (const key of keys) {
      const first = seen.get(key);
      if (first) throw new Error(`${first.option} ${first.path} and ${p.option} ${p.path} are the same file (${canonical}); give each its own file`);
    }
    for (const key of keys) seen.set(key, p);
  }
}

/** Throw unless `file` exists and is not a folder; the error names the option and the path. */
export function requireInputFile(file: string, option: string): void {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(code === "ENOENT" ? `${option}: ${file}: no such file` : `${option}: ${file}: cannot read (${code ?? (err as Error).message})`);
  }
  if (st.isDirectory()) throw new Error(`${option}: ${file} is a folder, not a file`);
}

/** Throw when `file` (an output) exists and is a folder. */
export function requireNotFolder(file: string, option: string): void {
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) throw new Error(`${option}: ${file} is a folder; give a file name`);
}

/** True when `inner` is `outer` or lies inside it (both canonical). */
function within(inner: string, outer: string): boolean {
  const rel = path.relative(outer, inner);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/**
 * Throw when the output folder `out` is one of the `inputs`, holds one, or lies inside one (after
 * resolving symbolic links): replacing it would delete what the command reads. Undefined inputs are skipped.
 * An input marked allowInside may hold the output.
 */
export function assertOutApartFromInputs(out: NamedPath, inputs: ((NamedPath & { allowInside?: boolean }) | undefined)[]): void {
  const o = canonicalPath(out.path);
  for (const i of inputs) {
    if (!i) continue;
    const c = canonicalPath(i.path);
    // allowInside: an output in a subfolder of this input replaces nothing of it (e.g. ~/.cache/nanochat/<model> beside its tokenizer)
    const how = o === c ? "is" : within(c, o) ? "contains" : !i.allowInside && within(o, c) ? "lies inside" : null;
    if (how)
      throw new Error(`${out.option} ${out.path} ${how} ${i.option} ${i.path}${how === "is" ? "" : ` (${c})`}; writing there would replace what is read — give ${out.option} a folder of its own`);
  }
}

/** What a folder-writing command writes, for assertOnlyOwnedEntries' error. */
export interface OwnedEntries {
  /** names the command writes at the folder's top level */
  owned: (name: string) => boolean;
  /** e.g. "a kit", "a model import" */
  writer: string;
  /** e.g. "kits", "model folders" */
  replaces: string;
  /** a guess at what the other files are, e.g. "a run's checkpoints or nanochat clone?" */
  hint?: string;
  /** e.g. "export elsewhere" */
  elsewhere: string;
}

/**
 * --overwrite replaces only what the command writes: throw when the folder `dir` holds anything else
 * (dot files and our temporaries aside), naming the first few entries. A missing or empty folder passes.
 */
export function assertOnlyOwnedEntries(dir: string, spec: OwnedEntries): void {
  if (!fs.existsSync(dir)) return;
  if (!fs.statSync(dir).isDirectory()) throw new Error(`${dir}: exists and is not a folder`);
  const foreign = fs.readdirSync(dir).filter((n) => !n.startsWith(".") && !spec.owned(n));
  if (foreign.length)
    throw new Error(
      `${dir}: holds ${foreign.slice(0, 5).join(", ")}${foreign.length > 5 ? ", …" : ""}, which ${spec.writer} does not write${spec.hint ? ` (${spec.hint})` : ""}; ` +
        `--overwrite replaces only ${spec.replaces} — move them or ${spec.elsewhere}`,
    );
}
