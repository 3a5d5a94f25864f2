// Every expected string here is written out by hand from eval-reference.md's formulas (§1 C-EVAL official and
// chatgpt.py, §2 lm-eval ceval-valid, §3 CMMLU official and lm-eval cmmlu), not produced by lib/eval/prompts.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { loadSplit, loadSubjects } from "../../lib/eval/data";
import { buildPrompt, chatConversation, firstShots, promptText, pyStrip } from "../../lib/eval/prompts";
import type { MCQuestion, Subject } from "../../lib/eval/types";
import { bundledDataDir, sharedDataDir, sharedDataSkip } from "../../lib/util/paths";

const skip = sharedDataSkip();
const CEVAL = path.join(sharedDataDir(), "ceval");
const CMMLU = path.join(sharedDataDir(), "cmmlu");

function pick(bench: "ceval" | "cmmlu", dir: string, handle: string, split: "val" | "test") {
  const subject = loadSubjects(bench, dir).find((s) => s.handle === handle) as Subject;
  const dev = loadSplit(bench, dir, "dev", [handle]).get(handle) as MCQuestion[];
  const qs = loadSplit(bench, dir, split, [handle]).get(handle) as MCQuestion[];
  return { subject, dev, qs };
}

test("C-EVAL official, 0-shot: a real val question, character for character", { skip }, () => {
  const { subject, qs } = pick("ceval", CEVAL, "computer_network", "val");
  const p = buildPrompt("ceval", "official", subject, [], qs[1]);
  const expected =
    "以下是中国关于计算机网络考试的单项选择题，请选出其中的正确答案。\n\n" +
    "在802.3标准中，发送帧之前需要____\nA. 等待冲突\nB. 等待令牌\nC. 监听介质\nD. 接受一个帧\n答案：";
  assert.equal(promptText(p), expected);
  assert.deepEqual(p.continuations, { A: "A", B: "B", C: "C", D: "D" });
});

test("C-EVAL official, 5-shot: the first five dev rows with bare answers, then the item", { skip }, () => {
  const { subject, dev, qs } = pick("ceval", CEVAL, "computer_network", "val");
  const p = buildPrompt("ceval", "official", subject, firstShots(dev, 5, "computer_network"), qs[0]);
  let expected = "以下是中国关于计算机网络考试的单项选择题，请选出其中的正确答案。\n\n";
  // first shot written out literally (dev row 0, answer A)
  expected += "下列设备属于资源子网的是____。\nA. 计算机软件\nB. 网桥\nC. 交换机\nD. 路由器\n答案：A\n\n";
  for (const s of dev.slice(1)) expected += s.question + "\nA. " + s.choices[0] + "\nB. " + s.choices[1] + "\nC. " + s.choices[2] + "\nD. " + s.choices[3] + "\n答案：" + s.answer + "\n\n";
  expected += "使用位填充方法，以01111110为位首flag，数据为011011111111111111110010，求问传送时要添加几个0____\nA. 1\nB. 2\nC. 3\nD. 4\n答案：";
  assert.equal(promptText(p), expected);
  assert.equal(p.shots.length, 5);
  // fewer shots keep the last ones (encode drops the first, oldest, first)
  assert.equal(promptText(p, 0), "以下是中国关于计算机网络考试的单项选择题，请选出其中的正确答案。\n\n" + p.question);
  assert.equal(promptText(p, 1), p.header + p.shots[4] + p.question);
  assert.throws(() => promptText(p, 6), /nShots 6 is not in 0…5/);
});

test("C-EVAL lm-eval: no 考试, question.strip(), 答案： A in shots, continuations ' A'", { skip }, () => {
  const { subject, dev, qs } = pick("ceval", CEVAL, "computer_network", "val");
  const p0 = buildPrompt("ceval", "lm-eval", subject, [], qs[1]);
  assert.equal(promptText(p0), "以下是中国关于计算机网络的单项选择题，请选出其中的正确答案。\n\n在802.3标准中，发送帧之前需要____\nA. 等待冲突\nB. 等待令牌\nC. 监听介质\nD. 接受一个帧\n答案：");
  const p = buildPrompt("ceval", "lm-eval", subject, dev.slice(0, 2), qs[1]);
  const d1 = dev[1];
  const expected =
    "以下是中国关于计算机网络的单项选择题，请选出其中的正确答案。\n\n" +
    "下列设备属于资源子网的是____。\nA. 计算机软件\nB. 网桥\nC. 交换机\nD. 路由器\n答案： A\n\n" +
    d1.question.trim() + "\nA. " + d1.choices[0] + "\nB. " + d1.choices[1] + "\nC. " + d1.choices[2] + "\nD. " + d1.choices[3] + "\n答案： " + d1.answer + "\n\n" +
    "在802.3标准中，发送帧之前需要____\nA. 等待冲突\nB. 等待令牌\nC. 监听介质\nD. 接受一个帧\n答案：";
  assert.equal(promptText(p), expected);
  assert.deepEqual(p.continuations, { A: " A", B: " B", C: " C", D: " D" });
});

test("CMMLU official: its header, 题目：, 答案是：, bare answers; question not stripped", { skip }, () => {
  const { subject, dev, qs } = pick("cmmlu", CMMLU, "agronomy", "test");
  const p0 = buildPrompt("cmmlu", "official", subject, [], qs[0]);
  assert.equal(promptText(p0), "以下是关于农学的单项选择题，请直接给出正确答案的选项。\n\n题目：在农业生产中被当作极其重要的劳动对象发挥作用，最主要的不可替代的基本生产资料是\nA. 农业生产工具\nB. 土地\nC. 劳动力\nD. 资金\n答案是：");
  const p1 = buildPrompt("cmmlu", "official", subject, dev.slice(0, 1), qs[0]);
  assert.equal(
    promptText(p1),
    "以下是关于农学的单项选择题，请直接给出正确答案的选项。\n\n题目：肉牛屠宰后，胴体的哪个部位肉质较好\nA. 胸\nB. 腹\nC. 大腿\nD. 小腿\n答案是：C\n\n" +
      "题目：在农业生产中被当作极其重要的劳动对象发挥作用，最主要的不可替代的基本生产资料是\nA. 农业生产工具\nB. 土地\nC. 劳动力\nD. 资金\n答案是：",
  );
  const food = pick("cmmlu", CMMLU, "chinese_food_culture", "test");
  const q = food.qs.find((x) => x.id === "72") as MCQuestion;
  const off = buildPrompt("cmmlu", "official", food.subject, [], q);
  assert.equal(off.question, "题目：“ 猫耳朵 ” 是哪里的特色小吃 \nA. 贵州\nB. 江苏\nC. 北京\nD. 浙江\n答案是：");
  const lm = buildPrompt("cmmlu", "lm-eval", food.subject, food.dev.slice(0, 1), q);
  assert.equal(
    promptText(lm),
    "以下是关于中国饮食文化的单项选择题，请直接给出正确答案的选项。\n\n孔府菜的代表名菜有\nA. 诗礼银杏\nB. 扒大乌参\nC. 黄焖鱼翅\nD. 清汤燕窝\n答案： A\n\n“ 猫耳朵 ” 是哪里的特色小吃\nA. 贵州\nB. 江苏\nC. 北京\nD. 浙江\n答案：",
  );
  assert.deepEqual(lm.continuations, { A: " A", B: " B", C: " C", D: " D" });
});

test("chat style (C-EVAL chatgpt.py): system message, header on the first user turn, letter turns", { skip }, () => {
  const { subject, dev, qs } = pick("ceval", CEVAL, "computer_network", "val");
  const p = buildPrompt("ceval", "chat", subject, dev.slice(0, 2), qs[1]);
  const sys = "你是一个中文人工智能助手，以下是中国关于计算机网络考试的单项选择题，请选出其中的正确答案。";
  const d1 = dev[1];
  assert.deepEqual(p.chat!.messages, [
    { role: "system", content: sys },
    { role: "user", content: "以下是中国关于计算机网络考试的单项选择题，请选出其中的正确答案。\n\n下列设备属于资源子网的是____。\nA. 计算机软件\nB. 网桥\nC. 交换机\nD. 路由器\n答案：" },
    { role: "assistant", content: "A" },
    { role: "user", content: d1.question + "\nA. " + d1.choices[0] + "\nB. " + d1.choices[1] + "\nC. " + d1.choices[2] + "\nD. " + d1.choices[3] + "\n答案：" },
    { role: "assistant", content: d1.answer },
    { role: "user", content: "在802.3标准中，发送帧之前需要____\nA. 等待冲突\nB. 等待令牌\nC. 监听介质\nD. 接受一个帧\n答案：" },
  ]);
  assert.deepEqual(p.continuations, { A: "A", B: "B", C: "C", D: "D" });
  // zero-shot: the header opens the test question's own user turn (chatgpt.py eval_subject)
  const z = chatConversation(p, 0);
  assert.deepEqual(z.messages, [
    { role: "system", content: sys },
    { role: "user", content: "以下是中国关于计算机网络考试的单项选择题，请选出其中的正确答案。\n\n在802.3标准中，发送帧之前需要____\nA. 等待冲突\nB. 等待令牌\nC. 监听介质\nD. 接受一个帧\n答案：" },
  ]);
  assert.equal(
    promptText(p, 0),
    "<|bos|><|user_start|>" + sys + "\n\n以下是中国关于计算机网络考试的单项选择题，请选出其中的正确答案。\n\n在802.3标准中，发送帧之前需要____\nA. 等待冲突\nB. 等待令牌\nC. 监听介质\nD. 接受一个帧\n答案：<|user_end|><|assistant_start|>",
  );
});

test("chat style (CMMLU): the analogous system message and its own item", { skip }, () => {
  const { subject, dev, qs } = pick("cmmlu", CMMLU, "agronomy", "test");
  const p = buildPrompt("cmmlu", "chat", subject, dev.slice(0, 1), qs[0]);
  assert.deepEqual(p.chat!.messages, [
    { role: "system", content: "你是一个中文人工智能助手，以下是关于农学的单项选择题，请直接给出正确答案的选项。" },
    { role: "user", content: "以下是关于农学的单项选择题，请直接给出正确答案的选项。\n\n题目：肉牛屠宰后，胴体的哪个部位肉质较好\nA. 胸\nB. 腹\nC. 大腿\nD. 小腿\n答案是：" },
    { role: "assistant", content: "C" },
    { role: "user", content: "题目：在农业生产中被当作极其重要的劳动对象发挥作用，最主要的不可替代的基本生产资料是\nA. 农业生产工具\nB. 土地\nC. 劳动力\nD. 资金\n答案是：" },
  ]);
});

test("bundled practice data: official prompt; shots checks; mixing subjects is an error", () => {
  const dir = path.join(bundledDataDir(), "ceval-practice");
  const subject = loadSubjects("ceval", dir).find((s) => s.handle === "college_programming") as Subject;
  const dev = loadSplit("ceval", dir, "dev", ["college_programming"]).get("college_programming")!;
  const val = loadSplit("ceval", dir, "val", ["college_programming"]).get("college_programming")!;
  const p = buildPrompt("ceval", "official", subject, [], val[3]);
  assert.equal(promptText(p), "以下是中国关于大学编程考试的单项选择题，请选出其中的正确答案。\n\n一个字节由____个二进制位组成\nA. 4\nB. 8\nC. 16\nD. 32\n答案：");
  assert.equal(firstShots(dev, 5, "college_programming").length, 5);
  assert.throws(() => firstShots(dev.slice(0, 3), 5, "college_programming"), /subject 'college_programming': 5-shot needs 5 dev exemplars, there are only 3 \(.*college_programming_dev\.csv\)/);
  assert.throws(() => firstShots(undefined, 5, "x"), /there are none/);
  const physics = loadSplit("ceval", dir, "val", ["high_school_physics"]).get("high_school_physics")!;
  assert.throws(() => buildPrompt("ceval", "official", subject, [], physics[0]), /high_school_physics_val\.csv:2: question of ceval\/high_school_physics in a ceval\/college_programming prompt/);
  const noAnswer: MCQuestion = { ...dev[0], answer: undefined };
  for (const style of ["official", "lm-eval", "chat"] as const)
    assert.throws(() => buildPrompt("ceval", style, subject, [noAnswer], val[1]), /college_programming_dev\.csv:2: exemplar college_programming #0 has no answer/);
});

test("pyStrip is Python's str.strip(), not JS trim()", () => {
  assert.equal(pyStrip(" \t\u3000问\u00a0\n"), "问");
  assert.equal(pyStrip("\x1c\x85问\x1f"), "问"); // Python strips these, JS trim() does not
  assert.equal(pyStrip("\ufeff问"), "\ufeff问"); // JS trim() strips U+FEFF, Python does not
  assert.equal(pyStrip(" a b "), "a b");
});
