// The inputs of the default pretraining corpus (scripts/build-default-corpus.ts): which files of
// ../shared/data, where they come from (../shared/data/README.md), their licence, how each is cut
// into documents and how it is normalised (lib/zh).

export interface SourceDoc {
  text: string;
}

export interface CorpusSource {
  name: string;
  lang: "zh" | "en";
  /** Paths relative to the shared data folder. */
  files: string[];
  origin: string;
  license: string;
  /** lib/zh NormalizeOptions, applied to each extracted document. */
  normalize: { script?: "t2s"; width?: boolean; hygiene?: boolean; joinLines?: boolean };
  /** Pieces shorter than this (code points) are dropped: stray titles, dates, headings. */
  minChars: number;
  extract: (text: string, file: string) => SourceDoc[];
}

const LUXUN = ["呐喊", "彷徨", "朝花夕拾", "野草", "故事新编", "坟", "热风", "华盖集", "华盖集续编", "华盖集续编的续编", "而已集", "三闲集", "二心集"];

const POETRY = [
  "蒙学__tangshisanbaishou.json",
  "宋词__宋词三百首.json",
  "诗经__shijing.json",
  "论语__lunyu.json",
  "楚辞__chuci.json",
  "四书五经__daxue.json",
  "四书五经__zhongyong.json",
  "四书五经__mengzi.json",
  "蒙学__qianziwen.json",
  "蒙学__sanzijing-new.json",
  "蒙学__guwenguanzhi.json",
  "幽梦影__youmengying.json",
  "全唐诗__poet.tang.0.json",
  "宋词__ci.song.0.json",
];

/** Footnote marks of the Lu Xun edition: ①…⑳, ⑴…⒇, ⒈…⒛. */
const FOOTNOTE_MARK = /[\u2460-\u249b]/g;

/**
 * Lu Xun's files: articles one after another, each headed by a title (often centred), body
 * paragraphs indented and hard-wrapped, then the editors' notes ("□注释" / "注释："), whose
 * paragraphs start with a footnote mark and are not indented, up to the next article. The notes are
 * later editorial text, not Lu Xun's, and are dropped; so are the footnote marks and tables of
 * contents. Notes end at the next indented line; the last short standalone line before it is the
 * next article's title.
 */
export function luxunArticles(text: string): SourceDoc[] {
  const docs: SourceDoc[] = [];
  let cur: string[] = [];
  let hasBody = false;
  let inNotes = false;
  let title: string | undefined;
  let prevBlank = true;
  const flush = () => {
    if (hasBody) docs.push({ text: cur.join("\n").replace(FOOTNOTE_MARK, "") });
    cur = [];
    hasBody = false;
  };
  for (const line of text.replace(/\r\n?/g, "\n").split("\n")) {
    const t = line.trim();
    const blank = t === "";
    const indent = line.length - line.trimStart().length;
    const wasBlank = prevBlank;
    prevBlank = blank;
    // a notes heading, or an unindented line that starts with a footnote mark (notes without a heading)
    if (/^□?注释[：:]?$/.test(t) || t === "〔注释〕" || (!inNotes && indent === 0 && /^（?[\u2460-\u249b]/.test(t))) {
      flush();
      inNotes = true;
      title = undefined;
      continue;
    }
    if (/\.{6,}|…{3,}/.test(t) || /^〔[^〕]*〕$/.test(t)) continue; // table of contents, collection tags
    if (inNotes) {
      if (blank) continue;
      if (indent >= 2 || line.startsWith("\u3000")) {
        inNotes = false;
        if (title !== undefined) cur.push(title);
      } else {
        if (wasBlank && t.length <= 20 && !/^（?[\u2460-\u249b]/.test(t)) title = t;
        continue;
      }
    }
    const centred = indent >= 8 && t.length <= 40;
    if (centred && hasBody && !/[。！？]$/.test(t)) flush();
    if (!blank && indent >= 2 && indent < 8) hasBody = true;
    cur.push(line);
  }
  flush();
  return docs;
}

/** chinese-poetry JSON: every object with `paragraphs` or `content` lines becomes one document,
 * headed by its title / chapter / tune. The author field is catalogue metadata, not text of the work:
 * it is left out (with it, thousands of documents began "title⏎不详⏎", and a small model trained on
 * the corpus learned to write "不详" lines). Nested collections are walked. */
export function poetryDocs(text: string): SourceDoc[] {
  const docs: SourceDoc[] = [];
  const strings = (v: unknown): string[] | undefined => (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "string") ? (v as string[]) : undefined);
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) {
      for (const y of x) walk(y);
      return;
    }
    if (x === null || typeof x !== "object") return;
    const o = x as Record<string, unknown>;
    const lines = strings(o.paragraphs) ?? strings(o.content) ?? (typeof o.content === "string" ? [o.content] : undefined);
    if (lines) {
      const head = [o.title ?? o.chapter ?? o.rhythmic].filter((h): h is string => typeof h === "string" && h.trim() !== "");
      docs.push({ text: [...head, ...lines].join("\n") });
      return;
    }
    for (const v of Object.values(o)) if (typeof v === "object") walk(v);
  };
  walk(JSON.parse(text));
  return docs;
}

/** Prose and plays: the whole file is one text (cut into documents later at paragraph boundaries). */
export function wholeFile(text: string): SourceDoc[] {
  return [{ text }];
}

export function corpusSources(): CorpusSource[] {
  return [
    {
      name: "luxun",
      lang: "zh",
      files: LUXUN.map((n) => `zh_text/luxun/${n}.txt`),
      origin: "tallusil/luxun-novel-analysis @ 432ecfaa `data/combined/`",
      license: "public domain (Lu Xun, 1881–1936); editors' notes removed",
      normalize: { width: true, hygiene: true, joinLines: true },
      minChars: 40,
      extract: luxunArticles,
    },
    {
      name: "classical",
      lang: "zh",
      files: POETRY.map((f) => `zh_text/classical_chinese_poetry/${f}`),
      origin: "chinese-poetry/chinese-poetry @ 99ebbef7",
      license: "texts public domain; collection MIT (© 2016 JackeyGao)",
      normalize: { script: "t2s", width: true, hygiene: true },
      minChars: 8,
      extract: poetryDocs,
    },
    {
      name: "gutenberg",
      lang: "en",
      files: ["english/gutenberg_raw/pride_and_prejudice.txt", "english/gutenberg_raw/alice.txt"],
      origin: "learntextvis/textkit @ 6c482ea7 `test_data/` (Project Gutenberg texts)",
      license: "public domain",
      normalize: { width: true, hygiene: true, joinLines: true },
      minChars: 40,
      extract: wholeFile,
    },
    {
      name: "shakespeare",
      lang: "en",
      files: ["english/tinyshakespeare.txt"],
      origin: "karpathy/char-rnn @ 6f9487a6",
      license: "public domain",
      normalize: { width: true, hygiene: true },
      minChars: 40,
      extract: wholeFile,
    },
  ];
}
