import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { CsvParser, parseCsv, readCsvRecords, readCorpus, newReadStats, collectCorpus } from "../../lib/data";
import { sharedDataDir, sharedDataSkip } from "../../lib/util/paths";
import { listFiles, referenceCsv, tempDir } from "./helpers";

test("csv: quoted fields with commas, newlines, doubled quotes; CRLF; blank lines", () => {
  const text = 'a,b,c\r\n1,"x, y","he said ""hi"""\r\n\r\n2,"line1\nline2",\n3,,"z"';
  const recs = parseCsv(text);
  assert.deepEqual(
    recs.map((r) => r.fields),
    [["a", "b", "c"], ["1", "x, y", 'he said "hi"'], ["2", "line1\nline2", ""], ["3", "", "z"]],
  );
  assert.deepEqual(recs.map((r) => r.line), [1, 2, 4, 6]);
  assert.deepEqual(recs.map((r) => r.fields), referenceCsv(text));
});

test("csv: any chunking gives the same records as the whole string", () => {
  const text = 'id,question,A\n1,"多行\r\n题目，""引号""",甲\r\n2,简单,"乙"\n3,"尾""',
    whole = parseCsv(text + '"\n').map((r) => r.fields);
  for (const size of [1, 2, 3, 5, 7]) {
    const p = new CsvParser();
    const got = [];
    const t = text + '"\n';
    for (let i = 0; i < t.length; i += size) got.push(...p.push(t.slice(i, i + size)).map((r) => r.fields));
    got.push(...p.end().map((r) => r.fields));
    assert.deepEqual(got, whole, `chunk size ${size}`);
  }
});

test("csv: an unterminated quote names the file and the line it opened on", () => {
  assert.throws(() => parseCsv('a,b\n1,ok\n2,"never closed\nmore\n', "bad.csv"), /bad\.csv:3: unterminated quoted field/);
});

test("csv file: BOM, column by name, missing column is an error naming the header", async () => {
  const dir = tempDir("csv");
  const f = path.join(dir, "t.csv");
  fs.writeFileSync(f, "\uFEFFid,text\r\n1,\"第一\r\n行\"\r\n2,second\r\n");
  const docs = await collectCorpus(f);
  assert.deepEqual(docs.map((d) => d.text), ["第一\r\n行", "second"]);
  await assert.rejects(collectCorpus(f, { field: "body" }), /t\.csv:1: no column 'body' in header \[id, text\]/);
});

test("csv on real C-EVAL and CMMLU files: streaming parser (small chunks) equals the reference", { skip: sharedDataSkip() }, async () => {
  const files = [...listFiles(path.join(sharedDataDir(), "ceval", "val"), ".csv"), ...listFiles(path.join(sharedDataDir(), "ceval", "dev"), ".csv"), ...listFiles(path.join(sharedDataDir(), "cmmlu", "test"), ".csv").slice(0, 12)];
  let valRows = 0;
  for (const f of files) {
    const ref = referenceCsv(fs.readFileSync(f, "utf8"));
    const got: string[][] = [];
    for await (const r of readCsvRecords(f, { chunkBytes: 4093 }, newReadStats())) got.push(r.fields);
    assert.deepEqual(got, ref, f);
    if (f.includes(`${path.sep}val${path.sep}`)) valRows += got.length - 1;
  }
  assert.equal(valRows, 1346); // data/README: C-EVAL val has 1,346 rows
  const stats = newReadStats();
  let n = 0;
  for await (const d of readCorpus(path.join(sharedDataDir(), "cmmlu", "dev", "*.csv"), { field: "Question", stats })) {
    assert.ok(d.text.length > 0 && d.line! >= 2);
    n++;
  }
  assert.equal(n, 335);
  assert.equal(stats.files, 67);
});
