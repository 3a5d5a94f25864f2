// Token spans for display: bytes concatenate to the encoded text, partial UTF-8 tokens are marked,
// labels and the HTML / text renderings carry ids and marks.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { repoRoot } from "../../lib/util/paths";
import { builtinTokenizer } from "../../lib/tokenizer/builtin";
import { SHOW_SENTENCES, spanLabel, spansOf, tokenSpans, tokensHtml, tokensText } from "../../lib/tokenizer/show";
import { randomText, rng } from "./helpers";

const enc = new TextEncoder();
const concat = (parts: Uint8Array[]): number[] => parts.flatMap((p) => [...p]);

describe("token spans", () => {
  it("a character split across tokens: marked partial, shown with the token holding its last byte", () => {
    // 你 = E4 BD A0, 好 = E5 A5 BD
    const pieces = [
      { id: 1, bytes: new Uint8Array([0x41, 0xe4]) },
      { id: 2, bytes: new Uint8Array([0xbd]) },
      { id: 3, bytes: new Uint8Array([0xa0, 0xe5, 0xa5, 0xbd]) },
    ];
    const spans = spansOf(pieces);
    assert.deepEqual(spans.map((s) => [s.text, s.partial]), [["A", true], ["", true], ["你好", false]]);
    assert.equal(spanLabel(spans[1]), "‹BD›");
  });

  it("spans' bytes are the text's bytes and their texts the text, on sentences and random Unicode (cl100k splits Han characters)", () => {
    const tok = builtinTokenizer("cl100k_base");
    const r = rng(5);
    const texts = [...SHOW_SENTENCES, "龘靐齉 𠀀𪚥 🇨🇳", ...Array.from({ length: 200 }, () => randomText(r, 40))];
    let partials = 0;
    for (const t of texts) {
      const text = t; // randomText draws scalar values only (no lone surrogates)
      const spans = tokenSpans(tok, text);
      assert.deepEqual(concat(spans.map((s) => s.bytes)), [...enc.encode(text)]);
      assert.equal(spans.map((s) => s.text).join(""), text);
      // partial ⇔ the bytes up to and including this token do not end on a character boundary
      const all = enc.encode(text);
      let end = 0;
      for (const s of spans) {
        end += s.bytes.length;
        const boundary = end === all.length || (all[end] & 0xc0) !== 0x80;
        assert.equal(s.partial, !boundary, `token ${s.id} of ${JSON.stringify(text)}`);
        if (s.partial) partials++;
      }
    }
    assert.ok(partials > 10, `only ${partials} partial tokens: the rare Han characters should split`);
  });

  it("HTML has one span per token with its id in the title; text is coloured or plain", () => {
    const tok = builtinTokenizer("cl100k_base");
    const s = "龘 hi";
    const spans = tokenSpans(tok, s);
    const html = tokensHtml([{ label: "cl100k", tokenizer: tok }], [s]);
    assert.equal((html.match(/<span title="id /g) ?? []).length, spans.length);
    for (const sp of spans) assert.ok(html.includes(`title="id ${sp.id} `));
    assert.ok(spans.some((x) => x.partial) && html.includes("ends inside a UTF-8 character"));
    const plain = tokensText([{ label: "cl100k", tokenizer: tok }], [s], { colour: false });
    assert.ok(!plain.includes("\x1b[") && plain.includes("|"));
    assert.ok(tokensText([{ label: "cl100k", tokenizer: tok }], [s], { colour: true }).includes("\x1b[48;5;"));
  });
});

describe("nanozh tok show", () => {
  it("piped: plain rows (no ANSI), one per tokenizer; --html writes the page", () => {
    const html = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-tokshow-")), "t.html");
    const r = spawnSync(process.execPath, ["--import", "tsx", "cli/nanozh.ts", "tok", "show", "--tokenizer", "cl100k_base", "--tokenizer", "gpt2", "--text", "龘 hi", "--html", html], { cwd: repoRoot(), encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(!r.stdout.includes("\x1b["));
    assert.match(r.stdout, /cl100k_base +\d+ tok +‹[0-9A-F ]+›…\|/);
    assert.match(r.stdout, /gpt2 +\d+ tok /);
    const page = fs.readFileSync(html, "utf8");
    assert.ok(page.startsWith("<!doctype html>") && page.includes('title="id '));
  });
});
