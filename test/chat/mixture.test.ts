import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { buildChatMixture, type ChatTaskSpec, type Conversation } from "../../lib/chat";
import { allQuestions, loadSplit } from "../../lib/eval/data";
import { repoRoot, sharedDataDir, sharedDataSkip } from "../../lib/util/paths";
import { tempFiles } from "./chatDataFixtures";

const line = (u: string, a: string) => JSON.stringify([{ role: "user", content: u }, { role: "assistant", content: a }]);
const jsonl = (n: number, tag: string) => Array.from({ length: n }, (_, i) => line(`${tag} q${i}`, `${tag} a${i}`)).join("\n") + "\n";

const dir = tempFiles({
  "a.jsonl": jsonl(20, "A"),
  "b.jsonl": jsonl(4, "B"),
  "one.jsonl": jsonl(1, "O"),
  "pairs.txt": Array.from({ length: 10 }, (_, i) => `Sentence ${i}.\t句子${i}。`).join("\n") + "\n",
  "empty.jsonl": "\n",
});
const A: ChatTaskSpec = { name: "a", format: "customjson", path: "a.jsonl", weight: 3 };
const B: ChatTaskSpec = { name: "b", format: "customjson", path: "b.jsonl", weight: 1 };
const key = (c: Conversation) => c.messages[0].content;

test("buildChatMixture: val held out per task first, then weights give the training shares", () => {
  const mix = buildChatMixture([A, B], { seed: 1, valShare: 0.25, total: 12, baseDir: dir });
  const [pa, pb] = mix.perTask;
  assert.deepEqual([pa.available, pa.val, pa.train], [20, 5, 9]);
  assert.deepEqual([pb.available, pb.val, pb.train], [4, 1, 3]);
  assert.deepEqual([pa.weight, pb.weight], [0.75, 0.25]);
  assert.equal(mix.train.length, 12);
  assert.equal(mix.val.length, 6);
  assert.ok(mix.train.every((c) => c.task === "a" || c.task === "b"));
  // no conversation is both in val and in train; subsampling picks distinct rows
  const valKeys = new Set(mix.val.map(key));
  assert.ok(mix.train.every((c) => !valKeys.has(key(c))));
  assert.equal(new Set(mix.train.map(key)).size, 12);
  assert.equal(mix.train.filter((c) => c.task === "b").length, 3);
});

test("buildChatMixture: a task smaller than its share is repeated in whole epochs", () => {
  const mix = buildChatMixture([A, B], { seed: 1, valShare: 0.25, total: 24, baseDir: dir });
  const bRows = mix.train.filter((c) => c.task === "b");
  assert.equal(bRows.length, 6);
  const counts = new Map<string, number>();
  for (const c of bRows) counts.set(key(c), (counts.get(key(c)) ?? 0) + 1);
  assert.deepEqual([...counts.values()], [2, 2, 2]); // its 3 training rows, twice each
  const aRows = mix.train.filter((c) => c.task === "a");
  assert.equal(aRows.length, 18);
  assert.equal(new Set(aRows.map(key)).size, 15); // every A training row at least once
  assert.equal(mix.perTask[1].epochs, 2);
  assert.equal(mix.perTask[0].epochs, 18 / 15);
});

test("buildChatMixture: deterministic for a seed, different for another; default total = rows left for training", () => {
  const lines: string[] = [];
  const m1 = buildChatMixture([A, B], { seed: 7, valShare: 0.1, baseDir: dir, log: (l) => lines.push(l) });
  assert.equal(lines.length, 2);
  assert.match(lines[1], /chat task 'b' \(customjson\): 4 conversations from b\.jsonl/);
  const m2 = buildChatMixture([A, B], { seed: 7, valShare: 0.1, baseDir: dir });
  const m3 = buildChatMixture([A, B], { seed: 8, valShare: 0.1, baseDir: dir });
  assert.deepEqual(m1, m2);
  assert.notDeepEqual(m1.train.map(key), m3.train.map(key));
  // 20 − 2 + 4 − 1 = 21 training rows; weights 3:1 → 16 / 5 (largest remainder: 15.75, 5.25)
  assert.equal(m1.train.length, 21);
  assert.deepEqual(m1.perTask.map((p) => [p.val, p.train]), [[2, 16], [1, 5]]);
});

test("buildChatMixture: val sizes — at least 1 of ≥ 2 rows, none of 1 row or with valShare 0; limit", () => {
  const O: ChatTaskSpec = { name: "o", format: "customjson", path: "one.jsonl", weight: 1 };
  const m = buildChatMixture([A, B, O], { seed: 3, valShare: 0.01, baseDir: dir });
  assert.deepEqual(m.perTask.map((p) => p.val), [1, 1, 0]);
  const none = buildChatMixture([A, B], { seed: 3, valShare: 0, baseDir: dir });
  assert.equal(none.val.length, 0);
  const lim = buildChatMixture([{ ...A, limit: 5 }], { seed: 3, valShare: 0.2, baseDir: dir });
  assert.equal(lim.perTask[0].available, 5);
  assert.ok([...lim.train, ...lim.val].every((c) => Number(key(c).slice(3)) < 5));
});

test("buildChatMixture: both directions of a translation pair stay on the same side of the split", () => {
  const P: ChatTaskSpec = { name: "pairs", format: "pairs", path: "pairs.txt", weight: 1, directions: "both" };
  const m = buildChatMixture([P], { seed: 5, valShare: 0.3, baseDir: dir });
  assert.equal(m.perTask[0].available, 20);
  assert.equal(m.val.length, 6);
  const valSources = new Set(m.val.map((c) => c.source));
  assert.equal(valSources.size, 3);
  assert.ok(m.train.every((c) => !valSources.has(c.source)));
  const limited = buildChatMixture([{ ...P, directions: "zh-en", limit: 4 }], { seed: 5, valShare: 0.25, baseDir: dir });
  assert.equal(limited.perTask[0].available, 4);
});

test("buildChatMixture: bad specs are errors naming the task", () => {
  const mk = (tasks: ChatTaskSpec[], valShare = 0.1) => () => buildChatMixture(tasks, { seed: 1, valShare, baseDir: dir });
  assert.throws(mk([]), /no tasks/);
  assert.throws(mk([{ ...A, path: "missing.jsonl" }]), /chat task 'a' \(customjson\): .*missing\.jsonl: file not found/);
  assert.throws(mk([{ ...A, format: "csv" as ChatTaskSpec["format"] }]), /chat task 'a': unknown format 'csv'/);
  assert.throws(mk([A, { ...B, name: "a" }]), /task name 'a' is used twice/);
  assert.throws(mk([{ ...A, weight: -1 }]), /chat task 'a': weight must be a number ≥ 0/);
  assert.throws(mk([{ ...A, weight: 0 }]), /all task weights are 0/);
  assert.throws(mk([A], 1), /val_share must be in \[0, 1\)/);
  assert.throws(mk([{ ...A, path: "empty.jsonl" }]), /chat task 'a': empty\.jsonl has no conversations/);
  assert.throws(mk([{ ...A, path: "b.jsonl", format: "alpaca" }]), /chat task 'a' \(alpaca\): .*b\.jsonl:2: unexpected text after the closing/);
});

test("buildChatMixture: an mc-dev task reads the dev split only, each question once as a practice exchange", () => {
  const root = repoRoot();
  const devQuestions = allQuestions(loadSplit("ceval", path.join(root, "data/ceval-practice"), "dev"));
  const mc: ChatTaskSpec = { name: "mc", format: "mc-dev", path: "data/ceval-practice/dev", weight: 1, benchmark: "ceval" };
  const m = buildChatMixture([mc], { seed: 2, valShare: 0, baseDir: root });
  assert.equal(m.perTask[0].available, devQuestions.length);
  assert.equal(m.train.length, devQuestions.length);
  assert.deepEqual(new Set(m.train.map((c) => c.messages[1].content)), new Set(devQuestions.map((q) => q.answer)));
  assert.ok(m.train.every((c) => c.task === "mc" && /_dev\.csv:\d+$/.test(c.source)), m.train[0].source);
  assert.throws(() => buildChatMixture([{ ...mc, path: "data/ceval-practice/val" }], { seed: 2, valShare: 0, baseDir: root }), /chat task 'mc' \(mc-dev\): .*dev split only/);
});

test("buildChatMixture on the real shared SFT files and Tatoeba", { skip: sharedDataSkip() }, () => {
  const base = sharedDataDir();
  const tasks: ChatTaskSpec[] = [
    { name: "alpaca", format: "alpaca", path: "sft/alpaca_zh_demo.json", weight: 0.3 },
    { name: "oasst", format: "oasst", path: "sft/oaast_sft_zh.json", weight: 0.3 },
    { name: "sharegpt", format: "sharegpt", path: path.join(base, "sft/sharegpt_zh_1K_format.jsonl"), weight: 0.2 },
    { name: "tatoeba", format: "pairs", path: "parallel/cmn_eng_tatoeba.txt", weight: 0.2, limit: 2000 },
  ];
  const m = buildChatMixture(tasks, { seed: 42, valShare: 0.02, total: 5000, baseDir: base });
  assert.deepEqual(m.perTask.map((p) => p.available), [1000, 689, 1000, 4000]);
  assert.deepEqual(m.perTask.map((p) => p.train), [1500, 1500, 1000, 1000]);
  assert.deepEqual(m.perTask.map((p) => p.val), [20, 14, 20, 80]);
  assert.equal(m.train.length, 5000);
});
