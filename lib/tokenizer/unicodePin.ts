// Pin character classes to Unicode 16, the tables compiled into tiktoken's Rust regex, while Node
// 20's ICU is Unicode 17. Only these code points changed any property the split patterns use
// (\p{L} and its subcategories, \p{N}, \p{M}, \p{Han}); probed from tiktoken itself and checked by
// test/tokenizer/pattern.test.ts. All were unassigned in Unicode 16 except U+0295, which moved
// from Ll to Lo. On a runtime whose tables are already Unicode 16 the pin changes nothing.

export const UNICODE17_CHANGED: readonly [number, number][] = [
  [0x295, 0x295], [0x88f, 0x88f], [0xc5c, 0xc5c], [0xcdc, 0xcdc], [0x1acf, 0x1add], [0x1ae0, 0x1aeb], [0xa7ce, 0xa7cf],
  [0xa7d2, 0xa7d2], [0xa7d4, 0xa7d4], [0xa7f1, 0xa7f1], [0x10940, 0x10959], [0x10ec5, 0x10ec7], [0x10efa, 0x10efb],
  [0x11b60, 0x11b67], [0x11db0, 0x11ddb], [0x11de0, 0x11de9], [0x16ea0, 0x16eb8], [0x16ebb, 0x16ed3], [0x16ff2, 0x16ff6],
  [0x187f8, 0x187ff], [0x18d09, 0x18d1e], [0x18d80, 0x18df2], [0x1e6c0, 0x1e6de], [0x1e6e0, 0x1e6f5], [0x1e6fe, 0x1e6ff],
  [0x2b73a, 0x2b73f], [0x2cea2, 0x2cead], [0x323b0, 0x33479],
];

/** A character with the Unicode-16 properties of `cp` (same class membership in our patterns). */
function unicode16Stand_in(cp: number): string {
  return cp === 0x295 ? "\u0250" /* Ll, Latin */ : "\u0378" /* unassigned in every version */;
}

function rangesText(cps: number[]): string {
  let out = "";
  let s = -1;
  let p = -2;
  const u = (x: number): string => `\\u{${x.toString(16)}}`;
  const flush = (): void => {
    if (s >= 0) out += s === p ? u(s) : `${u(s)}-${u(p)}`;
  };
  for (const x of cps) {
    if (x !== p + 1) {
      flush();
      s = x;
    }
    p = x;
  }
  flush();
  return out;
}

/**
 * A v-flag class equal to `cls` (a v-compatible class, e.g. "[^\\r\\n\\p{L}]") under Unicode 16:
 * minus the code points it gained in 17, plus those it lost.
 */
export function pinClass(cls: string): string {
  const re = new RegExp(`^${cls}$`, "v");
  const minus: number[] = [];
  const plus: number[] = [];
  for (const [lo, hi] of UNICODE17_CHANGED)
    for (let cp = lo; cp <= hi; cp++) {
      const now = re.test(String.fromCodePoint(cp));
      const then = re.test(unicode16Stand_in(cp));
      if (now && !then) minus.push(cp);
      else if (!now && then) plus.push(cp);
    }
  if (minus.length === 0 && plus.length === 0) return cls;
  let out = minus.length ? `[${cls}--[${rangesText(minus)}]]` : cls;
  if (plus.length) out = `[${out}${rangesText(plus)}]`;
  return out;
}
