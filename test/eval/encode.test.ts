import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { renderForCompletion } from "../../lib/chat/render";
import { loadSplit, loadSubjects } from "../../lib/eval/data";
import { encodePrompt, type EncodedPrompt } from "../../lib/eval/encode";
import { buildPrompt, chatConversation, firstShots, promptText, type BuiltPrompt, type PromptStyle } from "../../lib/eval/prompts";
import { LETTERS, type Benchmark, type MCQuestion, type Subject } from "../../lib/eval/types";
import { builtinTokenizer } from "../../lib/tokenizer/builtin";
import { NANOCHAT_SPECIALS, specialIds } from "../../lib/tokenizer/specials";
import { Tokenizer } from "../../lib/tokenizer/tokenizer";
import { trainBpe } from "../../lib/tokenizer/train";
import { bundledDataDir, sharedDataDir, sharedDataSkip } from "../../lib/util/paths";

/** A built-in's ranks with nanochat's specials after them (the built-ins have no <|bos|>). */
function withNanochatSpecials(name: "cl100k_base" | "gpt2"): Tokenizer {
  const base = builtinTokenizer(name);
  return new Tokenizer({ name: `${name}+nanochat`, tokens: base.bpe.tokens, specials: specialIds(NANOCHAT_SPECIALS, base.nMergeable), pattern: name === "gpt2" ? "gpt2" : "cl100k" });
}

let small: Tokenizer | undefined;
/** A small BPE (nanochat pattern and specials) trained on the bundled Chinese corpus. */
function smallBpe(): Tokenizer {
  if (!small) {
    const dir = path.join(bundledDataDir(), "corpus", "zh");
    const docs = fs.readdirSync(dir).sort().flatMap((f) => fs.readFileSync(path.join(dir, f), "utf8").split("\n"));
    small = trainBpe(docs, { vocabSize: 700, log: () => {} }).tokenizer;
  }
  return small;
}

/** Reference twin: the largest k (shots kept from the end) whose whole prompt, encoded as one string, fits. */
function referenceFit(tok: Tokenizer, p: BuiltPrompt, ctx: number): { k: number; ids: number[]; over: boolean } {
  const bos = tok.specialId("<|bos|>");
  const maxC = Math.max(...LETTERS.map((l) => tok.encode(p.continuations[l]).length));
  for (let k = p.shots.length; k >= 0; k--) {
    const ids = p.style === "chat" ? renderForCompletion(tok, chatConversation(p, k)) : [bos, ...tok.encode(promptText(p, k))];
    if (ids.length + maxC <= ctx) return { k, ids, over: false };
    if (k === 0) return { k, ids, over: true };
  }
  throw new Error("unreachable");
}

function checkAgainstReference(tok: Tokenizer, p: BuiltPrompt, ctx: number): EncodedPrompt {
  const e = encodePrompt(tok, p, ctx);
  const ref = referenceFit(tok, p, ctx);
  assert.equal(e.shotsUsed, ref.k, `${p.source} ctx ${ctx}: shots`);
  assert.equal(e.overContext, ref.over, `${p.source} ctx ${ctx}: overContext`);
  assert.deepEqual([...e.prefix, ...e.question], ref.ids, `${p.source} ctx ${ctx}: prefix ++ question = the whole prompt's tokens`);
  assert.deepEqual(e.choices, LETTERS.map((l) => tok.encode(p.continuations[l])));
  assert.ok(e.question.length > 0);
  return e;
}

interface Set {
  bench: Benchmark;
  subject: Subject;
  dev: MCQuestion[];
  qs: MCQuestion[];
}

function loadSet(bench: Benchmark, dir: string, handle: string, split: "val" | "test", n: number): Set {
  const subject = loadSubjects(bench, dir).find((s) => s.handle === handle) as Subject;
  return { bench, subject, dev: loadSplit(bench, dir, "dev", [handle]).get(handle)!, qs: loadSplit(bench, dir, split, [handle]).get(handle)!.slice(0, n) };
}

function prompts(s: Set, style: PromptStyle, k: number): BuiltPrompt[] {
  return s.qs.map((q) => buildPrompt(s.bench, style, s.subject, firstShots(s.dev, k, s.subject.handle), q));
}

const CASES = (): Set[] => [
  loadSet("ceval", path.join(sharedDataDir(), "ceval"), "computer_network", "val", 6),
  loadSet("ceval", path.join(sharedDataDir(), "ceval"), "high_school_chinese", "val", 4),
  loadSet("cmmlu", path.join(sharedDataDir(), "cmmlu"), "agronomy", "test", 6),
  loadSet("cmmlu", path.join(sharedDataDir(), "cmmlu"), "chinese_food_culture", "test", 80), // includes questions with outer whitespace
];

test("real prompts: prefix ++ question = BOS + tok.encode(prompt text), prefix shared within a subject (cl100k, small BPE)", { skip: sharedDataSkip() }, () => {
  for (const tok of [withNanochatSpecials("cl100k_base"), smallBpe()]) {
    for (const s of CASES()) {
      for (const style of ["official", "lm-eval"] as const) {
        for (const k of [0, 5]) {
          const encs = prompts(s, style, k).map((p) => checkAgainstReference(tok, p, 1 << 20));
          for (const e of encs) {
            assert.equal(e.shotsUsed, k);
            assert.equal(e.merged, undefined, `${tok.name} ${s.subject.handle} ${style}: the separately encoded prefix is a prefix of the whole`);
            assert.deepEqual(e.prefix, encs[0].prefix, "one prefix per subject");
          }
        }
      }
    }
  }
});

test("continuations are encoded on their own: 'A' vs ' A', multi-token allowed", () => {
  const dir = path.join(bundledDataDir(), "ceval-practice");
  const s = loadSet("ceval", dir, "high_school_physics", "val", 1);
  const tok = smallBpe();
  const off = encodePrompt(tok, prompts(s, "official", 5)[0], 4096);
  const lm = encodePrompt(tok, prompts(s, "lm-eval", 5)[0], 4096);
  assert.deepEqual(off.choices, ["A", "B", "C", "D"].map((l) => tok.encodeOrdinary(l)));
  assert.deepEqual(lm.choices, [" A", " B", " C", " D"].map((l) => tok.encodeOrdinary(l)));
  assert.notDeepEqual(off.choices, lm.choices);
  // cl100k: " A" is one token, different from "A"
  const cl = withNanochatSpecials("cl100k_base");
  const c = encodePrompt(cl, prompts(s, "lm-eval", 0)[0], 4096).choices;
  assert.deepEqual(c.map((x) => x.length), [1, 1, 1, 1]);
  assert.notEqual(c[0][0], cl.encodeOrdinary("A")[0]);
});

test("fitting the context: whole shots dropped oldest first, agreeing with the whole-string reference at every size", () => {
  const dir = path.join(bundledDataDir(), "ceval-practice");
  const tok = smallBpe();
  for (const handle of ["college_programming", "high_school_chinese"]) {
    const s = loadSet("ceval", dir, handle, "val", 2);
    for (const style of ["official", "lm-eval", "chat"] as const) {
      const p = prompts(s, style, 5)[1];
      const full = referenceFit(tok, p, 1 << 20).ids.length;
      const seen = new Set<number>();
      for (let ctx = full + 5; ctx >= 8; ctx -= 3) {
        const e = checkAgainstReference(tok, p, ctx);
        seen.add(e.shotsUsed);
        if (style !== "chat") assert.equal(tok.decode(e.prefix.slice(1)), p.header + p.shots.slice(5 - e.shotsUsed).join(""), "the last shots are kept");
        else assert.deepEqual(e.prefix.slice(0, 1), [tok.specialId("<|bos|>")]);
      }
      assert.deepEqual([...seen].sort(), [0, 1, 2, 3, 4, 5], `${handle} ${style}: every shot count occurs`);
    }
  }
});

test("over the context even at 0 shots: the question is never cut, overContext is set", () => {
  const dir = path.join(bundledDataDir(), "ceval-practice");
  const tok = smallBpe();
  const s = loadSet("ceval", dir, "high_school_chinese", "val", 1);
  for (const style of ["official", "lm-eval", "chat"] as const) {
    const p = prompts(s, style, 5)[0];
    const e = checkAgainstReference(tok, p, 10);
    assert.equal(e.overContext, true);
    assert.equal(e.shotsUsed, 0);
    if (style !== "chat") assert.equal(tok.decode([...e.prefix.slice(1), ...e.question]), promptText(p, 0));
  }
});

test("chat style: prefix = turns before the test question's <|user_start|>, question ends <|assistant_start|>", () => {
  const dir = path.join(bundledDataDir(), "ceval-practice");
  const tok = smallBpe();
  const s = loadSet("ceval", dir, "college_programming", "val", 3);
  const encs = prompts(s, "chat", 5).map((p) => checkAgainstReference(tok, p, 1 << 20));
  for (const e of encs) {
    assert.equal(e.shotsUsed, 5);
    assert.deepEqual(e.prefix, encs[0].prefix, "one prefix per subject");
    assert.equal(e.prefix[e.prefix.length - 1], tok.specialId("<|assistant_end|>"));
    assert.equal(e.question[0], tok.specialId("<|user_start|>"));
    assert.deepEqual(e.question.slice(-2), [tok.specialId("<|user_end|>"), tok.specialId("<|assistant_start|>")]);
    assert.deepEqual(e.choices, LETTERS.map((l) => tok.encodeOrdinary(l)));
  }
  const z = encodePrompt(tok, prompts(s, "chat", 0)[0], 4096);
  assert.deepEqual(z.prefix, [tok.specialId("<|bos|>")]);
});

test("gpt2's pattern splits '\\n\\n' before a letter differently: the whole string's tokens are kept (merged)", () => {
  const dir = path.join(bundledDataDir(), "ceval-practice");
  const tok = withNanochatSpecials("gpt2");
  const s = loadSet("ceval", dir, "college_programming", "val", 3);
  const encs = prompts(s, "official", 5).map((p) => checkAgainstReference(tok, p, 1 << 20));
  for (const e of encs) {
    assert.equal(e.merged, true);
    assert.deepEqual(e.prefix, encs[0].prefix, "the common part is still shared");
  }
});

test("a tokenizer without <|bos|> (or without chat specials for chat) is a clear error", () => {
  const dir = path.join(bundledDataDir(), "ceval-practice");
  const s = loadSet("ceval", dir, "college_programming", "val", 1);
  const plain = builtinTokenizer("cl100k_base");
  assert.throws(() => encodePrompt(plain, prompts(s, "official", 0)[0], 512), /tokenizer 'cl100k_base' has no <\|bos\|> special token/);
  assert.throws(() => encodePrompt(plain, prompts(s, "chat", 0)[0], 512), /tokenizer 'cl100k_base' has no special token <\|bos\|>/);
  assert.throws(() => encodePrompt(smallBpe(), prompts(s, "official", 0)[0], 1), /contextTokens must be an integer ≥ 2/);
});
