// Build notebooks/NN-*.ipynb from their readable sources scripts/notebooks/NN-*.nb.md, with no outputs.
//
//   npx tsx scripts/notebooks/build.ts            write every notebook that has a source
//   npx tsx scripts/notebooks/build.ts --check    exit 1 when a notebook differs from its source
//
// Source format: cells separated by `<!-- cell: <id> -->` lines (the id becomes the cell id). A cell whose
// body is one ```ts fenced block is a code cell; any other cell is Markdown. Everything before the first
// marker is a comment for whoever edits the source and is not copied.
import fs from "node:fs";
import path from "node:path";
import { repoRoot } from "../../lib/util/paths";

const KERNELSPEC = { name: "nanozh", display_name: "TypeScript (nanochat-zh)", language: "typescript" };
const LANGUAGE_INFO = { name: "typescript", file_extension: ".ts", mimetype: "text/typescript", codemirror_mode: { name: "javascript", typescript: true } };

interface Cell {
  cell_type: "markdown" | "code";
  id: string;
  metadata: Record<string, unknown>;
  source: string[];
  execution_count?: null;
  outputs?: never[];
}

function lines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

export function parseSource(text: string, file: string): Cell[] {
  const marker = /^<!-- cell: ([A-Za-z0-9_-]{1,64}) -->[ \t]*$/gm;
  const hits = [...text.matchAll(marker)];
  if (hits.length === 0) throw new Error(`${file}: no '<!-- cell: id -->' markers`);
  const seen = new Set<string>();
  return hits.map((m, i) => {
    const id = m[1];
    const line = text.slice(0, m.index).split("\n").length;
    if (seen.has(id)) throw new Error(`${file}:${line}: cell id '${id}' appears twice`);
    seen.add(id);
    const start = (m.index as number) + m[0].length;
    const end = i + 1 < hits.length ? (hits[i + 1].index as number) : text.length;
    const body = text.slice(start, end).replace(/^\n+/, "").replace(/\s+$/, "");
    const fence = /^```ts\n([\s\S]*?)\n```$/.exec(body);
    if (fence) return { cell_type: "code", id, metadata: {}, source: lines(fence[1]), execution_count: null, outputs: [] };
    if (body.startsWith("```ts")) throw new Error(`${file}:${line}: cell '${id}' starts a code fence but has text after it`);
    return { cell_type: "markdown", id, metadata: {}, source: lines(body) };
  });
}

export function buildNotebook(sourceFile: string): string {
  const cells = parseSource(fs.readFileSync(sourceFile, "utf8"), sourceFile);
  const nb = { cells, metadata: { kernelspec: KERNELSPEC, language_info: LANGUAGE_INFO }, nbformat: 4, nbformat_minor: 5 };
  return JSON.stringify(nb, null, 1) + "\n";
}

function main(argv: string[]): number {
  const check = argv.includes("--check");
  const root = repoRoot();
  const srcDir = path.join(root, "scripts", "notebooks");
  const sources = fs.readdirSync(srcDir).filter((f) => f.endsWith(".nb.md")).sort();
  let stale = 0;
  for (const f of sources) {
    const target = path.join(root, "notebooks", f.replace(/\.nb\.md$/, ".ipynb"));
    const text = buildNotebook(path.join(srcDir, f));
    const rel = path.relative(root, target);
    if (check) {
      const same = fs.existsSync(target) && fs.readFileSync(target, "utf8") === text;
      if (!same) stale++;
      process.stdout.write(`${same ? "ok   " : "STALE"} ${rel}\n`);
    } else {
      fs.writeFileSync(target, text);
      process.stdout.write(`wrote ${rel}\n`);
    }
  }
  return stale ? 1 : 0;
}

process.exit(main(process.argv.slice(2)));
