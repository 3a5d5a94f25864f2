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

/** Lines at most this many characters long can be boilerplate. */
export const BOILERPLATE_MAX_LINE_CHARS = 60;

export function isBoilerplateLine(line: string, maxChars = BOILERPLATE_MAX_LINE_CHARS): boolean {
  if (line.length > maxChars) return false;
  for (const re of BOILERPLATE_PATTERNS) if (re.test(line)) return true;
  return false;
}

/** Drop boilerplate lines; returns the text and how many lines went. */
export function removeBoilerplateLines(text: string, maxChars = BOILERPLATE_MAX_LINE_CHARS): { text: string; removed: number; examples: string[] } {
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

const SPAM_RE = new RegExp(SPAM_TERMS.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "gi");

/** Occurrences of spam vocabulary in `text`, and the distinct terms found. */
export function countSpamTerms(text: string): { hits: number; terms: string[] } {
  const m = text.match(SPAM_RE);
  if (!m) return { hits: 0, terms: [] };
  return { hits: m.length, terms: [...new Set(m.map((s) => s.toLowerCase()))] };
}
