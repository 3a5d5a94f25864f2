// Throughput of the lib/zh corpus pipeline — normalise (t2s + width + hygiene) → quality filter →
// exact dedup → MinHash/LSH near dedup — on the Chinese text of ../shared/data, beside opencc-js
// t2s conversion alone in the same run; and peak RSS of the streaming pipeline on 1× and 4× the
// corpus (repeated), each in a child process.
//   npx tsx bench/zh-pipeline.ts
import { spawnSync } from "node:child_process";
import path from "node:path";
import { writeJsonAtomic } from "../lib/util/atomicWrite";
import { outDir, repoRoot, sharedDataDir } from "../lib/util/paths";
import { CORPUS_NORMALIZE, Deduper, makeCleaner, makeNormalizer, openccConverter } from "../lib/zh/index";
import { readJsonl, readLines } from "../lib/zh/lines";

interface Source {
  name: string;
  file: string;
  kind: "prose" | "lines" | "csv" | "jsonl";
  field?: string;
}

function sources(): Source[] {
  const d = sharedDataDir();
  const luxun = ["呐喊", "彷徨", "朝花夕拾", "野草", "故事新编", "坟", "热风", "华盖集", "华盖集续编", "而已集", "三闲集", "二心集", "华盖集续编的续编"];
  return [
    { name: "wiki_zh", file: path.join(d, "zh_text/wiki_zh_cmrc2018/cmrc2018_paragraphs_zh.txt"), kind: "lines" },
    { name: "wiki_zhtw (Traditional)", file: path.join(d, "zh_trad/wiki_zhtw_drcd/drcd_paragraphs_zhtw.txt"), kind: "lines" },
    ...luxun.map((n) => ({ name: `luxun/${n}`, file: path.join(d, `zh_text/luxun/${n}.txt`), kind: "prose" as const })),
    { name: "reviews/waimai", file: path.join(d, "zh_text/reviews/waimai_10k.csv"), kind: "csv" },
    { name: "reviews/hotels", file: path.join(d, "zh_text/reviews/ChnSentiCorp_htl_all.csv"), kind: "csv" },
    { name: "reviews/shopping", file: path.join(d, "zh_text/reviews/online_shopping_10_cats.csv"), kind: "csv" },
    { name: "news titles dev", file: path.join(d, "zh_text/thucnews_titles/dev.txt"), kind: "lines" },
    { name: "news titles test", file: path.join(d, "zh_text/thucnews_titles/test.txt"), kind: "lines" },
    { name: "web crawl", file: path.join(d, "zh_text/web_noisy_chinesewebtext/cc2021-43_cleared1.jsonl"), kind: "jsonl", field: "raw_content" },
    { name: "web clean", file: path.join(d, "zh_text/web_noisy_chinesewebtext/fasttext_clean.jsonl"), kind: "jsonl", field: "text" },
    { name: "web dirty", file: path.join(d, "zh_text/web_noisy_chinesewebtext/fasttext_dirty.jsonl"), kind: "jsonl", field: "text" },
  ];
}

/** Documents of a source, streamed: prose = paragraphs grouped up to ~2,000 characters; lines /
 * csv = one per line (csv: the text after the label column; the header skipped). */
function* docsOf(s: Source): Generator<string> {
  if (s.kind === "jsonl") {
    for (const r of readJsonl(s.file)) yield String(r.value[s.field!]);
    return;
  }
  let first = true;
  let buf: string[] = [];
  let chars = 0;
  for (const line of readLines(s.file)) {
    if (s.kind === "csv") {
      if (first) {
        first = false;
        continue;
      }
      const comma = line.indexOf(",");
      // the shopping file has cat,label,review
      const text = s.name.endsWith("shopping") ? line.slice(line.indexOf(",", comma + 1) + 1) : line.slice(comma + 1);
      if (text.length > 0) yield text;
    } else if (s.kind === "lines") {
      const tab = line.indexOf("\t"); // news titles: title<TAB>label
      const text = tab >= 0 ? line.slice(0, tab) : line;
      if (text.length > 0) yield text;
    } else {
      buf.push(line);
      chars += line.length;
      if (chars >= 2000 && line.trim() === "") {
        yield buf.join("\n");
        buf = [];
        chars = 0;
      }
    }
  }
  if (buf.length) yield buf.join("\n");
}

export function* corpus(times = 1): Generator<string> {
  for (let t = 0; t < times; t++) for (const s of sources()) yield* docsOf(s);
}

interface PipelineCounts {
  docs: number;
  bytes: number;
  kept: number;
  rejected: number;
  exact: number;
  near: number;
}

/** The streaming pipeline over documents; returns counts. Only the dedup index grows. */
function runPipeline(docs: Iterable<string>): PipelineCounts {
  const normalize = makeNormalizer(CORPUS_NORMALIZE);
  const clean = makeCleaner();
  const dedup = new Deduper({ threshold: 0.8 });
  const c: PipelineCounts = { docs: 0, bytes: 0, kept: 0, rejected: 0, exact: 0, near: 0 };
  for (const doc of docs) {
    c.docs++;
    c.bytes += Buffer.byteLength(doc);
    const r = clean(normalize(doc));
    if (!r.kept) {
      c.rejected++;
      continue;
    }
    const v = dedup.add(r.text);
    if (v.kind === "unique") c.kept++;
    else if (v.kind === "exact") c.exact++;
    else c.near++;
  }
  return c;
}

function child(times: number): void {
  const t0 = performance.now();
  const counts = runPipeline(corpus(times));
  const seconds = (performance.now() - t0) / 1000;
  process.stdout.write(JSON.stringify({ times, ...counts, seconds, peakRssMB: process.resourceUsage().maxRSS / 1024 }) + "\n");
}

/** Best of `runs` by CPU time of this process (user + system): the machine is shared, and CPU time
 * is what other processes disturb least. Wall time of the same run is reported beside it. */
function best<T>(runs: number, f: () => T): { seconds: number; wallSeconds: number; result: T } {
  let bestS = Infinity;
  let wall = Infinity;
  let result!: T;
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    result = f();
    const c = process.cpuUsage(c0);
    const s = (c.user + c.system) / 1e6;
    if (s < bestS) {
      bestS = s;
      wall = (performance.now() - t0) / 1000;
    }
  }
  return { seconds: bestS, wallSeconds: wall, result };
}

function main(): void {
  const docs = [...corpus(1)];
  const bytes = docs.reduce((s, d) => s + Buffer.byteLength(d), 0);
  const mb = bytes / 1e6;
  const t2s = openccConverter("t2s");
  const normalize = makeNormalizer(CORPUS_NORMALIZE);
  const clean = makeCleaner();
  // warm-up on a slice so the JIT has seen every path
  for (const d of docs.slice(0, 2000)) clean(normalize(t2s(d)));
  // the three measurements interleaved, best of `runs` each, so that a burst of load from other
  // processes on the machine hits all of them alike
  const runs = 5;
  type Timed<T> = { seconds: number; wallSeconds: number; result: T };
  let conv: Timed<number> | undefined, norm: Timed<number> | undefined, pipe: Timed<PipelineCounts> | undefined;
  const keepBest = <T>(a: Timed<T> | undefined, b: Timed<T>) => (a && a.seconds <= b.seconds ? a : b);
  for (let r = 0; r < runs; r++) {
    conv = keepBest(conv, best(1, () => {
      let n = 0;
      for (const d of docs) n += t2s(d).length;
      return n;
    }));
    norm = keepBest(norm, best(1, () => {
      let n = 0;
      for (const d of docs) n += normalize(d).length;
      return n;
    }));
    pipe = keepBest(pipe, best(1, () => runPipeline(docs)));
  }
  const rows = [
    { stage: "opencc-js t2s alone", ...conv! },
    { stage: "normalise (t2s + width + hygiene)", ...norm! },
    { stage: "pipeline: normalise + filter + exact + MinHash/LSH", ...pipe! },
  ].map((r) => ({ stage: r.stage, cpuSeconds: r.seconds, wallSeconds: r.wallSeconds, mbPerS: mb / r.seconds, ratioToConversion: conv!.seconds / r.seconds }));
  console.log(`corpus: ${docs.length.toLocaleString("en-US")} documents, ${mb.toFixed(1)} MB UTF-8 (best of ${runs} runs by CPU time)`);
  console.log("stage".padEnd(54) + "CPU s".padStart(8) + "wall s".padStart(8) + "MB/s".padStart(8) + "  speed ÷ conversion");
  for (const r of rows) console.log(r.stage.padEnd(54) + r.cpuSeconds.toFixed(2).padStart(8) + r.wallSeconds.toFixed(2).padStart(8) + r.mbPerS.toFixed(1).padStart(8) + r.ratioToConversion.toFixed(2).padStart(8));
  const p = pipe!.result;
  console.log(`pipeline: kept ${p.kept}, rejected ${p.rejected}, exact dups ${p.exact}, near dups ${p.near}`);
  const goal = rows[2].ratioToConversion >= 0.4;
  console.log(`goal (pipeline ≥ 40% of conversion speed): ${goal ? "met" : "NOT met"}`);

  const memory: unknown[] = [];
  for (const times of [1, 4]) {
    const r = spawnSync(process.execPath, ["--import", "tsx", path.join("bench", "zh-pipeline.ts"), "--child", String(times)], { cwd: repoRoot(), encoding: "utf8" });
    if (r.status !== 0) throw new Error(`child ×${times} failed: ${r.stderr}`);
    memory.push(JSON.parse(r.stdout.trim().split("\n").pop()!));
  }
  console.log("streaming child".padEnd(20) + "docs".padStart(10) + "MB".padStart(8) + "seconds".padStart(9) + "peak RSS MB".padStart(13));
  for (const m of memory as { times: number; docs: number; bytes: number; seconds: number; peakRssMB: number }[])
    console.log(`${m.times}× corpus`.padEnd(20) + String(m.docs).padStart(10) + (m.bytes / 1e6).toFixed(1).padStart(8) + m.seconds.toFixed(1).padStart(9) + m.peakRssMB.toFixed(0).padStart(13));
  const [m1, m4] = memory as { peakRssMB: number }[];
  console.log(`peak RSS 4× / 1×: ${(m4.peakRssMB / m1.peakRssMB).toFixed(2)} (documents are streamed from the files, never held;`);
  console.log("  the repeats are exact duplicates, so the dedup index holds the unique documents only, as it should)");
  const file = path.join(outDir("bench"), "zh-pipeline.json");
  writeJsonAtomic(file, { corpus: { documents: docs.length, bytes, runs }, stages: rows, pipeline: p, goalMet: goal, memory, node: process.version, when: new Date().toISOString() });
  console.log(`wrote ${file}`);
}

if (/zh-pipeline\.ts$/.test(process.argv[1] ?? "")) {
  const i = process.argv.indexOf("--child");
  if (i >= 0) child(Number(process.argv[i + 1]));
  else main();
}
