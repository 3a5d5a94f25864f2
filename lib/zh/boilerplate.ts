// Boilerplate lines and spam vocabulary of Chinese / English web pages. Boilerplate is removed
// line by line (the document stays, the count is kept); spam vocabulary is counted per document.

/** Patterns of navigation, legal and widget lines (C4's "javascript" / "cookie" / policy lines,
 * and their Chinese counterparts). A line is boilerplate when it matches and is short — a long line
 * that mentions 点击 or 版权 is prose. */
export const BOILERPLATE_PATTERNS: readonly RegExp[] = [
  /cookie/i,
  /javascript/i,
  /privacy policy|terms of (use|service)|all rights reserved|copyright|©/i,
  /版权所有|版权声明|免责声明|转载请注明|未经授权|侵权必究|保留所有权利/,
  /ICP[备证]|公网安备|网安备|增值电信业务/,
  /上一篇|下一篇|上一页|下一页|上一章|下一章|返回顶部|返回首页|返回列表|返回目录/,
  /点击(查看|进入|这里|此处|下载|阅读|收藏|关注|量|数|率|：|:)|点我/,
  /扫一扫|扫码|二维码|关注(我们|公众号|微信)|微信公众号|分享到|一键分享|加入收藏|设为首页/,
  /责任编辑|本文来源|来源[：:]|作者[：:]|编辑[：:]|发布(时间|日期)[：:]|浏览(次数|量)|阅读(次数|量)|更新时间[：:]/,
  /联系我们|关于我们|网站地图|友情链接|在线客服|客服热线|服务热线|技术支持[：:]/,
  /^\s*(登录|注册|免费注册|立即注册|立即登录|忘记密码|登录\s*[|｜/]\s*注册)\s*$/,
  /首页\s*[>›»]/,
];

/** All patterns as one regex: one test per line instead of twelve. */
const BOILERPLATE_RE = new RegExp(BOILERPLATE_PATTERNS.map((r) => `(?:${r.source})`).join("|"), "i");

/** Lines at most this many characters long can be boilerplate. */
export const BOILERPLATE_MAX_LINE_CHARS = 60;

export function isBoilerplateLine(line: string, maxChars = BOILERPLATE_MAX_LINE_CHARS): boolean {
  return line.length <= maxChars && BOILERPLATE_RE.test(line);
}

const NO_EXAMPLES: string[] = [];

/** Drop boilerplate lines; returns the text and how many lines went (examples: up to three). */
export function removeBoilerplateLines(text: string, maxChars = BOILERPLATE_MAX_LINE_CHARS): { text: string; removed: number; examples: string[] } {
  // fast path: walk the lines without splitting; only short lines can match
  let any = false;
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    if (end - start <= maxChars && BOILERPLATE_RE.test(text.slice(start, end))) {
      any = true;
      break;
    }
    start = end + 1;
  }
  if (!any) return { text, removed: 0, examples: NO_EXAMPLES };
  const lines = text.split("\n");
  const kept: string[] = [];
  const examples: string[] = [];
  let removed = 0;
  for (const line of lines) {
    if (isBoilerplateLine(line, maxChars)) {
      removed++;
      if (examples.length < 3) examples.push(line);
    } else kept.push(line);
  }
  return removed === 0 ? { text, removed, examples } : { text: kept.join("\n"), removed, examples };
}

/** Gambling / SEO spam vocabulary of Chinese web pages. */
export const SPAM_TERMS: readonly string[] = [
  "博彩", "六合彩", "时时彩", "娱乐城", "百家乐", "威尼斯人", "现金网", "葡京", "太阳城", "真人娱乐",
  "老虎机", "彩票网", "北京赛车", "幸运飞艇", "澳洲幸运", "快三", "赌场", "赌博网", "棋牌游戏", "捕鱼游戏",
  "金沙娱乐", "澳门金沙", "皇冠体育", "欧宝体育", "乐虎国际", "亚博", "yabo", "bet365", "体育投注", "网上赌",
  "开户送", "注册送", "彩金", "上分", "下分", "私服", "代孕", "无抵押贷款", "刷单",
];

// Terms by first code unit (both cases for ASCII): a scan does one array load per character and
// compares whole terms only where a first character matches — faster than a 39-way regex.
const SPAM_BY_FIRST: (string[] | undefined)[] = new Array(65536);
for (const term of SPAM_TERMS) {
  const t = term.toLowerCase();
  for (const c of new Set([t.charCodeAt(0), t.toUpperCase().charCodeAt(0)])) (SPAM_BY_FIRST[c] ??= []).push(t);
}

function termAt(text: string, i: number, term: string): boolean {
  if (i + term.length > text.length) return false;
  for (let j = 0; j < term.length; j++) {
    let c = text.charCodeAt(i + j);
    if (c >= 0x41 && c <= 0x5a) c += 32;
    if (c !== term.charCodeAt(j)) return false;
  }
  return true;
}

/** Occurrences of spam vocabulary in `text` (non-overlapping, leftmost-first like a regex scan,
 * ASCII case ignored), and the distinct terms found. */
export function countSpamTerms(text: string): { hits: number; terms: string[] } {
  let hits = 0;
  let terms: Set<string> | undefined;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const list = SPAM_BY_FIRST[text.charCodeAt(i)];
    if (list === undefined) continue;
    for (const term of list) {
      if (termAt(text, i, term)) {
        hits++;
        (terms ??= new Set()).add(term);
        i += term.length - 1;
        break;
      }
    }
  }
  return { hits, terms: terms ? [...terms] : [] };
}
