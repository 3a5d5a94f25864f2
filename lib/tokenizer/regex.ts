// Translate a tiktoken / fancy-regex split pattern into an equivalent JavaScript RegExp (flags "gv").
//
// Four differences matter (reference §4 "JS note"):
// 1. `(?i:…)` groups do not compile in Node 20. Their contents here are literal letters and `|`,
//    so each letter becomes a class of its simple case folds (Rust regex and JS /iu both use
//    CaseFolding.txt simple folds): s → [sSſ] (U+017F LONG S folds to s), k → [kKK] (KELVIN SIGN).
// 2. Possessive quantifiers (`?+`, `++`, `*+`, `{m,n}+`) are dropped. In every named pattern the
//    possessive part cannot change the match: `[^\r\n\p{L}\p{N}]?+\p{L}+` — giving back the
//    optional char leaves \p{L}+ to start on that non-letter, which fails anyway; `\p{L}++`,
//    `[^\s\p{L}\p{N}]++[\r\n]*`, `\p{N}{1,3}+` are followed by nothing that can fail (or by a
//    `*` that matches empty), so backtracking into them is never needed; `\s++$` — a shorter
//    whitespace run never ends at end of text when the longest one does not. Leftmost-first
//    alternation is the same in both engines, so the first successful alternative is the same.
// 3. `\s` differs: JS includes U+FEFF (BOM) and omits U+0085 (NEL); Rust's Unicode `\s` is
//    exactly \p{White_Space}. So `\s`/`\S` become explicit White_Space classes.
// 4. Unicode version: Node 20's ICU tables are Unicode 17, tiktoken's Rust tables Unicode 16; every
//    class and property escape is pinned to 16 (./unicodePin), so the pattern compiles with flag v.
// Also `\p{Han}` (a Rust/Oniguruma script name) becomes `\p{Script=Han}`.

import { pinClass } from "./unicodePin";

/** Unicode White_Space, the meaning of `\s` in Rust's regex crate (and fancy-regex). */
export const WHITE_SPACE = "\\t\\n\\v\\f\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";

const EXTRA_FOLDS: Record<string, string> = { s: "ſ", k: "\u212a" };

function caseClass(ch: string): string {
  const lower = ch.toLowerCase();
  const upper = ch.toUpperCase();
  if (lower === upper) return ch;
  return `[${lower}${upper}${EXTRA_FOLDS[lower] ?? ""}]`;
}

const SCRIPT_NAMES = new Set(["Han", "Latin", "Hiragana", "Katakana", "Hangul", "Greek", "Cyrillic", "Arabic"]);

/** Characters that must be escaped inside a v-flag class. */
const V_CLASS_SYNTAX = new Set(["(", ")", "[", "{", "}", "/", "|"]);

/** Translate fancy-regex syntax to a JS (v-flag) source string. Throws on constructs it does not know. */
export function toJsPattern(src: string): string {
  let out = "";
  let cls: string | null = null; // the class being collected, or null outside a class
  const emit = (t: string): void => {
    if (cls !== null) cls += t;
    else out += t;
  };
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i];
    if (c === "\\") {
      const e = src[i + 1];
      if (e === undefined) throw new Error(`pattern: trailing backslash at ${i}`);
      if (e === "s") {
        emit(cls !== null ? WHITE_SPACE : `[${WHITE_SPACE}]`);
        i += 2;
      } else if (e === "S") {
        if (cls !== null) throw new Error(`pattern: \\S inside a character class at ${i} is not supported`);
        out += `[^${WHITE_SPACE}]`;
        i += 2;
      } else if ((e === "p" || e === "P") && src[i + 2] === "{") {
        const close = src.indexOf("}", i + 3);
        if (close < 0) throw new Error(`pattern: unterminated \\${e}{ at ${i}`);
        const name = src.slice(i + 3, close);
        const prop = `\\${e}{${SCRIPT_NAMES.has(name) ? `Script=${name}` : name}}`;
        if (cls !== null) cls += prop;
        else {
          const pinned = pinClass(`[${prop}]`);
          out += pinned === `[${prop}]` ? prop : pinned;
        }
        i = close + 1;
      } else {
        emit(c + e);
        i += 2;
      }
      continue;
    }
    if (cls !== null) {
      if (c === "]") {
        out += pinClass(cls + "]");
        cls = null;
      } else if (c === "-" && (src[i + 1] === "]" || cls.endsWith("[") || cls.endsWith("[^"))) cls += "\\-";
      else cls += V_CLASS_SYNTAX.has(c) ? "\\" + c : c;
      i++;
      continue;
    }
    if (c === "[") {
      cls = "[";
      i++;
      if (src[i] === "^") {
        cls += "^";
        i++;
      }
      if (src[i] === "]") {
        cls += "\\]";
        i++;
      }
      continue;
    }
    if (src.startsWith("(?i:", i)) {
      const close = src.indexOf(")", i);
      const body = src.slice(i + 4, close);
      if (close < 0 || /[()\\]/.test(body)) throw new Error(`pattern: unsupported (?i:…) group at ${i}`);
      out += "(?:" + foldBody(body) + ")";
      i = close + 1;
      continue;
    }
    if ((c === "?" || c === "*" || c === "+" || c === "}") && src[i + 1] === "+") {
      // possessive quantifier: keep the quantifier, drop the `+` (see header for why that is safe)
      const isQuantifier = c !== "?" || (i > 0 && src[i - 1] !== "(");
      if (isQuantifier) {
        out += c;
        i += 2;
        continue;
      }
    }
    out += c;
    i++;
  }
  if (cls !== null) throw new Error("pattern: unterminated character class");
  return out;
}

/** Case-fold the literal body of a (?i:…) group: letters, `|` and simple `[…]` classes. */
function foldBody(body: string): string {
  let out = "";
  let inClass = false;
  for (const ch of body) {
    if (ch === "[" && !inClass) {
      inClass = true;
      out += ch;
    } else if (ch === "]" && inClass) {
      inClass = false;
      out += ch;
    } else if (/\p{L}/u.test(ch)) {
      const cls = caseClass(ch);
      out += inClass && cls.startsWith("[") ? cls.slice(1, -1) : cls;
    } else if (ch === "|" && !inClass) {
      out += ch;
    } else {
      out += escapeChar(ch);
    }
  }
  return out;
}

function escapeChar(ch: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(ch) ? "\\" + ch : ch;
}

/** Compile a fancy-regex split pattern for JS: global + unicode-sets (v) flags. */
export function compileSplitPattern(src: string): RegExp {
  return new RegExp(toJsPattern(src), "gv");
}
