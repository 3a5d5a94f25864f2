import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { formatNumber, showTable, toCsv, toHtml, toMarkdown, toText } from "../../lib/report";
import { textWidth } from "../../lib/report/tableFormat";

/** Plain RFC 4180 reader: the reference the writer must agree with. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") row.push(field), (field = "");
    else if (ch === "\r" && text[i + 1] === "\n") row.push(field), rows.push(row), (row = []), (field = ""), i++;
    else field += ch;
  }
  assert.equal(field, "", "CSV must end with CRLF");
  return rows;
}

const tricky = [
  { 名称: "逗号, comma", value: 1234567, note: 'say "hi"' },
  { 名称: "换行\nnewline", value: 0.5, note: "pipe | and \\ backslash" },
  { 名称: " padded ", value: null, note: "中文，全角标点｜" },
  { 名称: "plain", value: -42, note: "" },
];

test("CSV round-trips commas, quotes, newlines, CJK through an RFC 4180 reader", () => {
  const csv = toCsv(tricky);
  assert.ok(!csv.startsWith("\uFEFF"), "no BOM");
  const parsed = parseCsv(csv);
  assert.deepEqual(parsed[0], ["名称", "value", "note"]);
  assert.deepEqual(parsed.slice(1), tricky.map((r) => [r.名称, r.value === null ? "" : String(r.value), r.note]));
  assert.match(csv, /^名称,value,note\r\n"逗号, comma",1234567,"say ""hi"""\r\n/);
});

test("CSV keeps numbers raw; column labels and order come from the spec", () => {
  const csv = toCsv([{ a: 1e-7, b: 123456789.125 }], [{ key: "b", label: "B, big" }, "a"]);
  assert.equal(csv, '"B, big",a\r\n123456789.125,1e-7\r\n');
});

test("Markdown escapes pipes, backslashes and newlines; numeric columns right-aligned", () => {
  const md = toMarkdown(tricky, undefined, "表 | title");
  const lines = md.trimEnd().split("\n");
  assert.equal(lines[0], "**表 \\| title**");
  assert.equal(lines[2], "| 名称 | value | note |");
  assert.equal(lines[3], "| --- | ---: | --- |");
  assert.equal(lines[5], "| 换行<br>newline | 0.5 | pipe \\| and \\\\ backslash |");
  assert.equal(lines[4], '| 逗号, comma | 1,234,567 | say "hi" |');
  // Every body row splits into exactly 3 cells on unescaped pipes.
  for (const line of lines.slice(2)) assert.equal(line.split(/(?<!\\)\|/).length - 2, 3, line);
});

test("HTML escapes markup and keeps CJK", () => {
  const html = toHtml([{ x: "<script>alert(1)</script>", y: "中文" }], undefined, { title: "a & b" });
  assert.ok(!html.includes("<script>"));
  assert.ok(html.includes("&lt;script&gt;alert(1)&lt;/script&gt;"));
  assert.ok(html.includes("中文") && html.includes("a &amp; b"));
  const capped = toHtml(Array.from({ length: 10 }, (_, i) => ({ i })), undefined, { maxRows: 3 });
  assert.equal((capped.match(/<tr>/g) ?? []).length, 4);
  assert.ok(capped.includes("showing 3 of 10 rows"));
});

test("numbers for people: thousands separators, ~4 significant digits, exponent when tiny", () => {
  assert.equal(formatNumber(1234567), "1,234,567");
  assert.equal(formatNumber(3.14159), "3.142");
  assert.equal(formatNumber(12345.678), "12,346"); // ≥ 1,000: already 4+ significant digits, no fraction
  assert.equal(formatNumber(15_649_787_084.8), "15,649,787,085");
  assert.equal(formatNumber(-1234.5), "-1,234");
  assert.equal(formatNumber(999.95), "1000");
  assert.equal(formatNumber(0.000012), "1.200e-5");
  assert.equal(formatNumber(0.5, 2), "0.50");
  // beyond 2^53 the trailing digits are float noise: scientific, not 21 exact-looking digits
  assert.equal(formatNumber(2 ** 53 - 1), "9,007,199,254,740,991");
  assert.equal(formatNumber(3.85e20), "3.850e+20");
  assert.equal(formatNumber(6 * 560_988_160 * 11_219_763_200), "3.776e+19");
  assert.equal(formatNumber(-1e22, 0), "-1.000e+22");
  assert.equal(formatNumber(NaN), "NaN");
});

test("plain-text table aligns CJK (two columns a character)", () => {
  assert.equal(textWidth("中文ab"), 6);
  const text = toText([{ 名: "中文", n: 1 }, { 名: "ab", n: 1000 }]);
  const lines = text.trimEnd().split("\n");
  assert.equal(lines.length, 4);
  assert.equal(textWidth(lines[2]), textWidth(lines[3]));
});

test("showTable writes CSV and Markdown under NANOZH_OUT and overwrites them on re-run", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-table-"));
  const prev = process.env.NANOZH_OUT;
  const write = process.stdout.write;
  process.env.NANOZH_OUT = dir;
  let printed = "";
  process.stdout.write = ((s: string) => ((printed += s), true)) as typeof process.stdout.write;
  try {
    const p1 = showTable(tricky, { name: "t-escape", title: "测试" });
    assert.equal(p1.csv, path.join(dir, "tables", "t-escape.csv"));
    assert.deepEqual(parseCsv(fs.readFileSync(p1.csv, "utf8")).length, 5);
    assert.ok(printed.includes("1,234,567"), "prints a text table outside a notebook");
    const p2 = showTable([{ only: "one row" }], { name: "t-escape" });
    assert.equal(fs.readFileSync(p2.csv, "utf8"), "only\r\none row\r\n");
    assert.ok(fs.readFileSync(p2.md, "utf8").includes("| one row |"));
    assert.deepEqual(fs.readdirSync(path.join(dir, "tables")).sort(), ["t-escape.csv", "t-escape.md"]);
    assert.throws(() => showTable([], { name: "../evil" }), /name "..\/evil"/);
  } finally {
    process.stdout.write = write;
    if (prev === undefined) delete process.env.NANOZH_OUT;
    else process.env.NANOZH_OUT = prev;
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

interface PlanRow {
  depth: number;
  名称: string;
}

test("rows may be interfaces; columns are checked against their keys", () => {
  const plans: PlanRow[] = [{ depth: 12, 名称: "d12" }, { depth: 20, 名称: "d20" }];
  assert.equal(toCsv(plans, ["名称", "depth"]), "名称,depth\r\nd12,12\r\nd20,20\r\n");
  // Compile-time only: an unknown column name is a type error.
  const typeCheckOnly = () => {
    // @ts-expect-error "nope" is not a key of PlanRow
    showTable(plans, { name: "x", columns: ["nope"] });
    showTable(plans, { name: "x", columns: ["depth", { key: "名称", label: "name" }] });
  };
  assert.equal(typeof typeCheckOnly, "function");
});
