import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { allQuestions, loadSplit, loadSubjects, readQuestionFile } from "../../lib/eval/data";
import { CATEGORIES, LETTERS, type Category, type MCQuestion } from "../../lib/eval/types";
import { bundledDataDir, sharedDataDir, sharedDataSkip } from "../../lib/util/paths";

const skip = sharedDataSkip();
const CEVAL = path.join(sharedDataDir(), "ceval");
const CMMLU = path.join(sharedDataDir(), "cmmlu");

function total(m: Map<string, MCQuestion[]>): number {
  let n = 0;
  for (const qs of m.values()) n += qs.length;
  return n;
}

test("C-EVAL subjects: 52, 20/10/11/11 per category, 8 Hard, mapping order kept", { skip }, () => {
  const subjects = loadSubjects("ceval", CEVAL);
  assert.equal(subjects.length, 52);
  const per: Record<string, number> = {};
  for (const s of subjects) per[s.category] = (per[s.category] ?? 0) + 1;
  assert.deepEqual(per, { STEM: 20, "Social Science": 10, Humanities: 11, Other: 11 });
  assert.deepEqual(subjects.filter((s) => s.hard).map((s) => s.handle).sort(), [
    "advanced_mathematics", "college_chemistry", "college_physics", "discrete_mathematics",
    "high_school_chemistry", "high_school_mathematics", "high_school_physics", "probability_and_statistics",
  ]);
  assert.deepEqual(subjects[0], { handle: "computer_network", nameEn: "Computer Network", nameZh: "计算机网络", category: "STEM", hard: false });
  assert.equal(subjects[1].handle, "operating_system");
});

test("C-EVAL splits: dev 260, val 1346 (430/275/257/384 per category), test 12342 without answers", { skip }, () => {
  const subjects = loadSubjects("ceval", CEVAL);
  const dev = loadSplit("ceval", CEVAL, "dev");
  const val = loadSplit("ceval", CEVAL, "val");
  const tst = loadSplit("ceval", CEVAL, "test");
  assert.equal(total(dev), 260);
  assert.equal(total(val), 1346);
  assert.equal(total(tst), 12342);
  for (const qs of dev.values()) assert.equal(qs.length, 5);
  const perCat: Record<string, number> = {};
  for (const s of subjects) perCat[s.category] = (perCat[s.category] ?? 0) + val.get(s.handle)!.length;
  assert.deepEqual(perCat, { STEM: 430, "Social Science": 275, Humanities: 257, Other: 384 });
  assert.ok(allQuestions(tst).every((q) => q.answer === undefined && q.split === "test"));
  assert.ok(allQuestions(dev).every((q) => q.explanation && q.answer));
  // Hard: 152 val questions (eval-reference §1)
  const hard = subjects.filter((s) => s.hard).reduce((n, s) => n + val.get(s.handle)!.length, 0);
  assert.equal(hard, 152);
});

test("C-EVAL rows read exactly (multi-line explanation, ____ kept, file/row/line)", { skip }, () => {
  const val = loadSplit("ceval", CEVAL, "val", ["computer_network"]).get("computer_network")!;
  assert.deepEqual(val[0].choices, ["1", "2", "3", "4"]);
  assert.equal(val[0].question, "使用位填充方法，以01111110为位首flag，数据为011011111111111111110010，求问传送时要添加几个0____");
  assert.equal(val[0].answer, "C");
  assert.equal(val[1].question, "在802.3标准中，发送帧之前需要____");
  assert.deepEqual([val[1].id, val[1].row, val[1].line], ["1", 1, 3]);
  assert.equal(val[1].file, path.join(CEVAL, "val", "computer_network_val.csv"));
  const dev = loadSplit("ceval", CEVAL, "dev", ["computer_network"]).get("computer_network")!;
  assert.equal(dev[0].question, "下列设备属于资源子网的是____。");
  assert.deepEqual(dev[0].choices, ["计算机软件", "网桥", "交换机", "路由器"]);
  assert.ok(dev[0].explanation!.startsWith("1. 首先，资源子网是指提供共享资源的网络"));
  assert.ok(dev[0].explanation!.includes("\n2. 其次，"));
});

test("C-EVAL val gold letters: A 23.03% B 25.11% C 25.56% D 26.30%", { skip }, () => {
  const qs = allQuestions(loadSplit("ceval", CEVAL, "val"));
  const count: Record<string, number> = { A: 0, B: 0, C: 0, D: 0 };
  for (const q of qs) count[q.answer!]++;
  assert.deepEqual(count, { A: 310, B: 338, C: 344, D: 354 });
  const pct = LETTERS.map((l) => ((100 * count[l]) / qs.length).toFixed(2));
  assert.deepEqual(pct, ["23.03", "25.11", "25.56", "26.30"]);
});

test("CMMLU: 67 subjects (17/22/13/15), dev 335, test 11582 with answers, header ,Question,…,Answer", { skip }, () => {
  const subjects = loadSubjects("cmmlu", CMMLU);
  assert.equal(subjects.length, 67);
  const per: Partial<Record<Category, number>> = {};
  for (const s of subjects) per[s.category] = (per[s.category] ?? 0) + 1;
  assert.deepEqual(per, { Other: 15, STEM: 17, "Social Science": 22, Humanities: 13 });
  assert.equal(subjects.filter((s) => s.chinaSpecific).length, 15);
  assert.deepEqual(subjects[0], { handle: "agronomy", nameEn: "Agronomy", nameZh: "农学", category: "Other", hard: false, chinaSpecific: false });
  const dev = loadSplit("cmmlu", CMMLU, "dev");
  const tst = loadSplit("cmmlu", CMMLU, "test");
  assert.equal(total(dev), 335);
  assert.equal(total(tst), 11582);
  const q = tst.get("agronomy")![0];
  assert.deepEqual([q.id, q.question, q.choices, q.answer], ["0", "在农业生产中被当作极其重要的劳动对象发挥作用，最主要的不可替代的基本生产资料是", ["农业生产工具", "土地", "劳动力", "资金"], "B"]);
  const letters: Record<string, number> = { A: 0, B: 0, C: 0, D: 0 };
  for (const x of allQuestions(tst)) letters[x.answer!]++;
  assert.deepEqual(letters, { A: 2926, B: 2883, C: 2877, D: 2896 });
  // the official loader does not strip: 40 CMMLU questions keep outer whitespace (eval-reference §5)
  const padded = [...allQuestions(dev), ...allQuestions(tst)].filter((x) => x.question !== x.question.trim());
  assert.equal(padded.length, 40);
  assert.throws(() => loadSplit("cmmlu", CMMLU, "val"), /cmmlu has no 'val' split/);
});

test("bundled ceval-practice: 3 subjects in the official mapping layout, dev 15, val 20", () => {
  const dir = path.join(bundledDataDir(), "ceval-practice");
  const subjects = loadSubjects("ceval", dir);
  assert.deepEqual(subjects.map((s) => [s.handle, s.nameZh, s.category, s.hard]), [
    ["college_programming", "大学编程", "STEM", false],
    ["high_school_physics", "高中物理", "STEM", true],
    ["high_school_chinese", "高中语文", "Humanities", false],
  ]);
  const dev = loadSplit("ceval", dir, "dev");
  const val = loadSplit("ceval", dir, "val");
  assert.equal(total(dev), 15);
  assert.equal(total(val), 20);
  const q = val.get("college_programming")![3];
  assert.deepEqual([q.question, q.choices, q.answer], ["一个字节由____个二进制位组成", ["4", "8", "16", "32"], "B"]);
  assert.ok(dev.get("high_school_physics")![0].explanation!.includes("\n2. 由牛顿第二定律"));
  assert.throws(() => loadSplit("ceval", dir, "test"), /no test file for subject 'college_programming'/);
});

function tmpBench(csvBySplit: Record<string, Record<string, string>>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-evaldata-"));
  fs.writeFileSync(path.join(dir, "subject_mapping.json"), JSON.stringify({ logic: ["Logic", "逻辑学", "Humanities"], law: ["Law", "法学", "Humanities"] }));
  for (const [split, files] of Object.entries(csvBySplit)) {
    fs.mkdirSync(path.join(dir, split));
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, split, name), text);
  }
  return dir;
}

test("bad input: missing column, answer outside A–D, missing file, unknown subject, field count — file and line named", () => {
  const dir = tmpBench({
    val: {
      "logic_val.csv": "id,question,A,B,C,answer\n0,q,a,b,c,A\n",
      "law_val.csv": 'id,question,A,B,C,D,answer\n0,"two\nlines",a,b,c,d,A\n1,q,a,b,c,d,E\n',
    },
    dev: { "logic_dev.csv": "id,question,A,B,C,D,answer,explanation\n0,q,a,b,c,d,A,x\n1,q,a,b,c,A,x\n" },
  });
  const logicVal = path.join(dir, "val", "logic_val.csv");
  assert.throws(() => loadSplit("ceval", dir, "val", ["logic"]), (e: Error) => e.message.includes(`${logicVal}:1: no column 'D' in header [id,question,A,B,C,answer]`));
  const lawVal = path.join(dir, "val", "law_val.csv");
  // the quoted field spans lines 2–3, so row 1 starts on line 4
  assert.throws(() => loadSplit("ceval", dir, "val", ["law"]), (e: Error) => e.message.startsWith(`${lawVal}:4: row 1 (id 1): answer "E" is not one of A, B, C, D`));
  assert.throws(() => loadSplit("ceval", dir, "dev", ["logic"]), (e: Error) => e.message.startsWith(`${path.join(dir, "dev", "logic_dev.csv")}:3: row 1 has 7 fields, the header has 8`));
  assert.throws(() => loadSplit("ceval", dir, "dev", ["law"]), (e: Error) => e.message.includes(`${path.join(dir, "dev", "law_dev.csv")}: no dev file for subject 'law'`));
  assert.throws(() => loadSplit("ceval", dir, "val", ["physics"]), (e: Error) => e.message.includes("subject_mapping.json: unknown ceval subject 'physics'"));
  assert.throws(() => loadSubjects("cmmlu", dir), /subject_mapping.json: expected \{"subjects"/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test("answers: empty allowed only in C-EVAL test; a BOM is dropped; CMMLU's unnamed id column", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-evaldata-"));
  const f1 = path.join(dir, "t.csv");
  fs.writeFileSync(f1, "\ufeffid,question,A,B,C,D,answer\n7, q ,a,b,c,d,\n");
  const [t] = readQuestionFile("ceval", f1, "test", "logic");
  assert.deepEqual([t.id, t.question, t.answer], ["7", " q ", undefined]);
  assert.throws(() => readQuestionFile("ceval", f1, "val", "logic"), /t\.csv:2: row 0 \(id 7\): answer "" is not one of A, B, C, D/);
  const f2 = path.join(dir, "c.csv");
  fs.writeFileSync(f2, ",Question,A,B,C,D,Answer\n0,问,甲,乙,丙,丁,D\n");
  const [c] = readQuestionFile("cmmlu", f2, "test", "arts");
  assert.deepEqual([c.benchmark, c.id, c.question, c.choices, c.answer], ["cmmlu", "0", "问", ["甲", "乙", "丙", "丁"], "D"]);
  assert.throws(() => readQuestionFile("cmmlu", f1, "test", "arts"), /t\.csv:1: no column '' in header/);
  fs.rmSync(dir, { recursive: true, force: true });
  assert.deepEqual(CATEGORIES, ["STEM", "Social Science", "Humanities", "Other"]);
});
