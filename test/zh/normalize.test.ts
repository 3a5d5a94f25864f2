import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { bundledDataDir, hasSharedData, sharedDataDir, sharedDataSkip } from "../../lib/util/paths";
import { cleanHygiene, hardWrap, joinWrappedLines, makeNormalizer, normalizeText, normalizeWidth, scriptProfile, summarizeScripts } from "../../lib/zh/index";

test("width: full-width letters, digits, space → half-width; Chinese punctuation stays", () => {
  assert.equal(normalizeWidth("ＡＢＣ１２３ａｂｃ"), "ABC123abc");
  assert.equal(normalizeWidth("我爱ＰＹＴＨＯＮ，真的！"), "我爱PYTHON，真的！");
  assert.equal(normalizeWidth("中文　空格"), "中文 空格");
  assert.equal(normalizeWidth("　　缩进保留"), "　　缩进保留"); // indentation is hygiene's business
  assert.equal(normalizeWidth("Ｈｅｌｌｏ，ｗｏｒｌｄ！"), "Hello,world!"); // no Han on the line
  assert.equal(normalizeWidth("价格１００％，约＄５"), "价格100%，约$5"); // symbols always half-width
  assert.equal(normalizeWidth("「引号」《书名》（括号）、。…"), "「引号」《书名》（括号）、。…");
  assert.equal(normalizeWidth("ＡＢＣ", { alnum: false }), "ＡＢＣ");
});

test("width: half-width punctuation between Han → full-width only when asked", () => {
  const s = "你好,世界. 再见!好吗?3.14, ok.";
  assert.equal(normalizeWidth(s), s);
  assert.equal(normalizeWidth(s, { punctBetweenHan: true }), "你好，世界。再见！好吗?3.14, ok.");
});

test("no blanket NFKC: ㈠ ℃ ① ㎡ and CJK compatibility ideographs survive width and hygiene", () => {
  const s = "㈠ 温度37℃ ① 面积50㎡ 﨑 戶 ﬁ ½";
  assert.equal(normalizeWidth(s), s);
  assert.equal(cleanHygiene(s), s);
  assert.equal(normalizeText(s, { width: true, hygiene: true, joinLines: true }), s);
  assert.notEqual(s.normalize("NFKC"), s); // what we avoid
});

test("hygiene: BOM, zero-width, controls, newlines, spaces, indentation, blank lines", () => {
  const s = "\ufeff第一行\u200b文字\u0007\r\n\u3000\u3000第二行   有  空格  \r\r\r\n\n第三\t行\u200d";
  assert.equal(cleanHygiene(s), "第一行文字\n第二行 有 空格\n\n第三\t行\u200d");
  assert.equal(cleanHygiene("a\r\nb", { newlines: false, invisibles: false, spaces: false, indentation: false, blankLines: false }), "a\r\nb");
});

test("join hard-wrapped lines: Han–Han nothing, Latin–Latin a space, paragraphs kept", () => {
  const s = "　　我家门前有两棵\n树，一棵是枣树。\n　　另一段English text that is\nhard wrapped here 和中\n文。\n\n新段落";
  assert.equal(joinWrappedLines(s), "　　我家门前有两棵树，一棵是枣树。\n　　另一段English text that is hard wrapped here 和中文。\n\n新段落");
  assert.equal(joinWrappedLines("用了Python\n语言"), "用了Python语言");
  assert.equal(joinWrappedLines("word\nnext"), "word next");
  assert.equal(joinWrappedLines("做了什么—\n—这些"), "做了什么——这些");
  assert.equal(joinWrappedLines("事情。…\n…”"), "事情。……”");
  assert.equal(joinWrappedLines("he said …\nthen"), "he said … then");
});

test("Lu Xun: joined paragraphs equal the indented paragraphs of the file", { skip: sharedDataSkip() }, () => {
  const raw = fs.readFileSync(path.join(sharedDataDir(), "zh_text", "luxun", "呐喊.txt"), "utf8");
  const norm = makeNormalizer({ hygiene: true, joinLines: true })(raw);
  // a plain twin: paragraphs are runs of lines starting at an indented or post-blank line
  const paras: string[] = [];
  let cur: string[] | undefined;
  for (const line of raw.replace(/\r\n?/g, "\n").split("\n")) {
    if (/^[ \t\u3000]*$/.test(line)) {
      if (cur) paras.push(cur.join(""));
      cur = undefined;
    } else if (!cur || /^[ \t\u3000]/.test(line)) {
      if (cur) paras.push(cur.join(""));
      cur = [line.replace(/^[ \t\u3000]+/, "").replace(/[ \t]+$/, "")];
    } else cur.push(line.replace(/^[ \t]+/, "").replace(/[ \t]+$/, ""));
  }
  if (cur) paras.push(cur.join(""));
  const got = norm.split("\n").filter((l) => l.length > 0);
  // the Lu Xun text has no Latin at line ends, so the plain twin's "" join is exact here
  const want = paras.filter((p) => p.length > 0).map((p) => p.replace(/ {2,}/g, " "));
  const first = want.findIndex((p, i) => got[i] !== p);
  assert.equal(first, -1, first >= 0 ? `paragraph ${first}:\n got  ${got[first]}\n want ${want[first]}` : "");
  assert.equal(got.length, want.length);
  assert.ok(got.length > 300, `paragraphs: ${got.length}`);
});

test("--t2s alone converts script and nothing else", () => {
  const s = "　　漢語ＡＢＣ  \r\n\ufeff測試";
  assert.equal(normalizeText(s, { script: "t2s" }), "　　汉语ＡＢＣ  \r\n\ufeff测试");
});

test("script measures and language labels", () => {
  const zh = scriptProfile("我们今天去北京。");
  assert.equal(zh.label, "zh");
  assert.equal(zh.han, 7);
  assert.equal(zh.punct, 1);
  assert.equal(scriptProfile("The quick brown fox jumps over the lazy dog.").label, "en");
  assert.equal(scriptProfile("使用 Python and TensorFlow to train models 训练").label, "mixed");
  assert.equal(scriptProfile("123 456 789 --- ### !!!").label, "other");
  assert.equal(scriptProfile("𠀀𠀁").han, 2); // supplementary Han counts once per code point
  const r = scriptProfile("ab 12").ratios;
  assert.equal(r.latin + r.digit + r.space + r.punct + r.han + r.other, 1);
});

test("countScripts (class table) equals a plain per-code-point twin", () => {
  const plain = (t: string) => {
    const c = { chars: 0, han: 0, latin: 0, digit: 0, punct: 0, space: 0, other: 0 };
    for (const ch of t) {
      c.chars++;
      if (/[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff\u3007]|[\u{20000}-\u{3ffff}]/u.test(ch)) c.han++;
      else if (/[a-zA-Z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\uff21-\uff3a\uff41-\uff5a]/.test(ch)) c.latin++;
      else if (/[0-9\uff10-\uff19]/.test(ch)) c.digit++;
      else if (/[ \t\n\r\u3000\u00a0\u000b\u000c\u2000-\u200a]/.test(ch)) c.space++;
      else if (/[!-\/:-@\[-`{-~\u3001-\u3003\u3008-\u3011\u3014-\u301f\u30fb\u2010-\u2027\u2030-\u205e\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\ufe10-\ufe1f\ufe30-\ufe6f\u00a1\u00a7\u00ab\u00b6\u00b7\u00bb\u00bf]/.test(ch)) c.punct++;
      else c.other++;
    }
    return c;
  };
  for (const t of ["我们今天去北京。", "Hello, World! 123", "𠀀𠀁a😀b", "\ud840", "x\udc00y", "中文　ＡＢＣ１２３，。《》", "Ünïcödé — “quotes” …"]) {
    const { chars, han, latin, digit, punct, space, other } = scriptProfile(t);
    assert.deepEqual({ chars, han, latin, digit, punct, space, other }, plain(t), JSON.stringify(t));
  }
});

test("the normaliser's shortcuts (hygiene pre-scan, width pre-checks) change nothing: plain twin", async () => {
  const { openccConverter } = await import("../../lib/zh/index");
  const { collapseBlankLines, collapseSpaces, normalizeNewlines, stripIndentation, stripInvisibles } = await import("../../lib/zh/hygiene");
  const t2s = openccConverter("t2s");
  // the twin: every step, unconditionally, in the same order; width by a per-character loop
  const widthTwin = (s: string) =>
    s
      .split("\n")
      .map((line) => {
        const han = /[\u3400-\u9fff\uf900-\ufaff\u3007]|[\ud840-\ud8bf]/.test(line);
        let out = "";
        let indent = true;
        for (const ch of line) {
          const c = ch.charCodeAt(0);
          const atIndent = indent;
          if (ch !== " " && ch !== "\t" && ch !== "\u3000") indent = false;
          if ((c >= 0xff10 && c <= 0xff19) || (c >= 0xff21 && c <= 0xff3a) || (c >= 0xff41 && c <= 0xff5a)) out += String.fromCharCode(c - 0xfee0);
          else if (c === 0x3000) out += atIndent ? ch : " ";
          else if (c >= 0xff01 && c <= 0xff5e && ("＃＄％＆＊＋－／＜＝＞＠＼＾＿｀｜".includes(ch) || !han)) out += String.fromCharCode(c - 0xfee0);
          else out += ch;
        }
        return out;
      })
      .join("\n");
  const twin = (s: string) => collapseBlankLines(collapseSpaces(stripIndentation(widthTwin(t2s(stripInvisibles(normalizeNewlines(s)))))));
  const fast = makeNormalizer({ script: "t2s", width: true, hygiene: true });
  const samples = [
    "普通的一行中文。", " 前导空格", "尾随空格 ", "两个  空格", "全角　空格", "\u3000\u3000缩进", "a\r\nb", "x\u2028y", "\ufeffBOM", "零\u200b宽",
    "控\u0007制", "NBSP\u00a0here", "Ｈｅｌｌｏ，ｗｏｒｌｄ！", "价格１００％", "空行\n\n\n之后", "tab\t\n", "\u2003em space start", "end em space\u2003", "行\n　缩进", "",
  ];
  // real files: ../shared/data, or (a clone without it) every file of the bundled corpus
  const bundled = path.join(bundledDataDir(), "corpus");
  const files = hasSharedData()
    ? ["zh_text/luxun/野草.txt", "zh_text/web_noisy_chinesewebtext/cc2021-43_cleared1.jsonl", "zh_text/reviews/waimai_10k.csv", "zh_trad/wiki_zhtw_drcd/drcd_paragraphs_zhtw.txt"].map((f) => path.join(sharedDataDir(), f))
    : ["zh", "en"].flatMap((l) => fs.readdirSync(path.join(bundled, l)).sort().map((f) => path.join(bundled, l, f)));
  for (const f of files) {
    const text = fs.readFileSync(f, "utf8");
    samples.push(...text.split(/\n(?=\S)/).slice(0, 400), text.slice(0, 20000));
  }
  for (const s of samples) assert.equal(fast(s), twin(s), JSON.stringify(s.slice(0, 60)));
});

test("hardWrap: Lu Xun's layout; joinWrappedLines undoes it for Chinese prose", () => {
  const paras = "我家门前有两棵树，一棵是枣树，还有一棵也是枣树。这上面的夜的天空，奇怪而高。\n\n第二段很短。";
  const wrapped = hardWrap(paras, 10);
  assert.equal(wrapped, "　　我家门前有两棵树\n，一棵是枣树，还有一\n棵也是枣树。这上面的\n夜的天空，奇怪而高。\n\n　　第二段很短。"); // the indent counts in the width
  assert.equal(joinWrappedLines(wrapped), "　　我家门前有两棵树，一棵是枣树，还有一棵也是枣树。这上面的夜的天空，奇怪而高。\n\n　　第二段很短。");
  assert.equal(makeNormalizer({ hygiene: true, joinLines: true })(wrapped), paras);
  assert.equal(hardWrap("𠀀𠀁𠀂", 2, ""), "𠀀𠀁\n𠀂"); // code points, not UTF-16 units
  assert.throws(() => hardWrap("x", 0), /widthChars/);
});

test("summarizeScripts: per-document Han / Latin shares and label counts, as scriptProfile gives them", () => {
  const texts = ["我爱北京天安门。", "Hello world, this is English.", "用Python写code很有趣", "12345 67890 ----", ""];
  const s = summarizeScripts(texts);
  assert.equal(s.docs, 5);
  assert.equal(s.chars, texts.reduce((a, t) => a + [...t].length, 0));
  texts.forEach((t, i) => {
    const p = scriptProfile(t);
    assert.equal(s.hanRatio[i], p.ratios.han);
    assert.equal(s.latinRatio[i], p.ratios.latin);
  });
  const labels = { zh: 0, en: 0, mixed: 0, other: 0 };
  for (const t of texts) labels[scriptProfile(t).label]++;
  assert.deepEqual(s.labels, labels);
});
