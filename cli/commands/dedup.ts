// nanozh dedup: exact and MinHash near-duplicate removal, streaming (memory = keys, LSH index and
// signatures). Kept documents to --out, duplicates (with what they duplicate) to --dups.
// Options and help: cli/specs/data.ts (DEDUP).
import { parse } from "../spec";
import { DEDUP } from "../specs/data";
import { Deduper } from "../../lib/zh/index";
import { AtomicLineWriter } from "../../lib/zh/lines";
import { progress } from "../../lib/util/progress";
import { readInputDocs } from "../../lib/zh/records";
import { invalidUtf8Message, noInvalidUtf8 } from "../../lib/util/utf8Stream";
import { assertDistinctPaths, requireInputFile, requireNotFolder } from "../../lib/util/pathChecks";

export async function run(argv: string[]): Promise<number> {
  const args = parse(DEDUP, argv);
  if (!args) return 0;
  const values = args.values;
  const input = values.in;
  const outFile = values.out;
  requireInputFile(input, "--in");
  for (const [f, o] of [[outFile, "--out"], [values.dups, "--dups"]] as const) if (f !== undefined) requireNotFolder(f, o);
  // before anything is opened: an output that is the input or the other output would lose documents
  assertDistinctPaths([{ option: "--in", path: input }, { option: "--out", path: outFile }, values.dups === undefined ? undefined : { option: "--dups", path: values.dups }]);
  const field = values.field;
  const threshold = values.threshold;
  const ngram = values.ngram;
  const numPerm = values["num-perm"];
  const dedup = new Deduper({ threshold, ngram, numPerm, exact: !values["no-exact"] });
  const kept = new AtomicLineWriter(outFile);
  const dups = values.dups ? new AtomicLineWriter(values.dups) : undefined;
  const lineOf: number[] = []; // input line of each document index (numbers only, for the dups report)
  let bad = 0;
  const invalidUtf8 = noInvalidUtf8();
  const prog = progress({ label: "nanozh dedup", unit: "docs" });
  try {
    for (const doc of readInputDocs(input, { field, skipBad: values["skip-bad"], onBad: () => bad++, invalidUtf8 })) {
      const v = dedup.add(doc.text);
      lineOf.push(doc.line);
      prog.tick();
      if (v.kind === "unique") kept.write(JSON.stringify(doc.record));
      else dups?.write(JSON.stringify({ ...doc.record, duplicate: { kind: v.kind, line: doc.line, ofLine: lineOf[v.of], jaccard: v.kind === "near" ? v.jaccard : 1 } }));
    }
    kept.commit();
    dups?.commit();
    prog.done();
    if (invalidUtf8.count > 0) process.stderr.write(`nanozh dedup: ${invalidUtf8Message(input, invalidUtf8)}\n`);
  } catch (err) {
    kept.abort();
    dups?.abort();
    throw err;
  }
  const s = dedup.stats();
  process.stdout.write(`documents ${s.seen}  kept ${s.kept}  exact duplicates ${s.exact}  near duplicates ${s.near}  (threshold ${threshold}, ${s.bands} bands × ${s.rows} rows, ${ngram}-char shingles)${bad ? `  malformed lines skipped ${bad}` : ""}\n`);
  return 0;
}
