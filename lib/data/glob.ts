// A small glob: `*` and `?` within a path segment, `**` across segments, `{a,b}` alternatives.
// A plain path to a file is itself; a plain path to a folder means every corpus file below it.
import fs from "node:fs";
import path from "node:path";

export const CORPUS_EXTENSIONS = [".txt", ".text", ".md", ".jsonl", ".ndjson", ".csv", ".json", ".parquet"];

export function hasGlobMagic(p: string): boolean {
  return /[*?{[]/.test(p);
}

function segmentRegex(seg: string): RegExp {
  let re = "";
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i];
    if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else if (c === "{") {
      const close = seg.indexOf("}", i);
      if (close < 0) {
        re += "\\{";
        continue;
      }
      re += "(?:" + seg.slice(i + 1, close).split(",").map((a) => a.replace(/[.+^$()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]")).join("|") + ")";
      i = close;
    } else if (c === "[") {
      const close = seg.indexOf("]", i);
      if (close < 0) re += "\\[";
      else {
        re += "[" + seg.slice(i + 1, close).replace(/^!/, "^") + "]";
        i = close;
      }
    } else re += c.replace(/[.+^$()|\\}\]]/g, "\\$&");
  }
  return new RegExp("^" + re + "$");
}

function walkFiles(dir: string, out: string[]): void {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.name.startsWith(".")) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walkFiles(p, out);
    else if (e.isFile() && CORPUS_EXTENSIONS.includes(path.extname(e.name).toLowerCase())) out.push(p);
  }
}

/** Files matching `pattern` (relative to `root`), sorted; a folder expands to its corpus files. */
export function expandGlob(pattern: string, root: string = process.cwd()): string[] {
  const abs = path.resolve(root, pattern);
  if (!hasGlobMagic(pattern)) {
    if (!fs.existsSync(abs)) throw new Error(`${pattern}: no such file or folder (looked in ${abs})`);
    if (fs.statSync(abs).isDirectory()) {
      const out: string[] = [];
      walkFiles(abs, out);
      return out;
    }
    return [abs];
  }
  const parsed = path.parse(abs);
  const segs = abs.slice(parsed.root.length).split(path.sep);
  let fixed = parsed.root;
  let k = 0;
  while (k < segs.length && !hasGlobMagic(segs[k])) fixed = path.join(fixed, segs[k++]);
  const rest = segs.slice(k);
  const out: string[] = [];
  const match = (dir: string, i: number): void => {
    if (i === rest.length) {
      if (fs.existsSync(dir) && fs.statSync(dir).isFile()) out.push(dir);
      return;
    }
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) return;
    const seg = rest[i];
    const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    if (seg === "**") {
      match(dir, i + 1);
      for (const e of entries) if (e.isDirectory() && !e.name.startsWith(".")) match(path.join(dir, e.name), i);
      return;
    }
    if (!hasGlobMagic(seg)) return match(path.join(dir, seg), i + 1);
    const re = segmentRegex(seg);
    for (const e of entries) {
      if (e.name.startsWith(".") && !seg.startsWith(".")) continue;
      if (re.test(e.name)) match(path.join(dir, e.name), i + 1);
    }
  };
  match(fixed, 0);
  return [...new Set(out)].sort();
}
