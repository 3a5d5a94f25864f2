// Is a token's byte string whole UTF-8? Byte-level BPE may learn tokens that start or end in the
// middle of a character (a Han character is 3 bytes; a token may hold its first byte, or the last
// byte of one character and the first two of the next). Such tokens decode to U+FFFD on their own
// and inflate nanochat v1's token_bytes (reference §3). The rules are RFC 3629 (as TextDecoder's
// fatal mode, the test twin): lead C2–DF + 1, E0–EF + 2, F0–F4 + 3 continuation bytes (80–BF), with
// E0 A0–BF, ED 80–9F, F0 90–BF, F4 80–8F as the second byte (no overlongs, surrogates, > U+10FFFF).

/** Where a byte string breaks UTF-8: "complete" (valid, boundary to boundary), else which side is cut. */
export type Utf8Shape = "complete" | "head" | "tail" | "middle" | "invalid";

const isCont = (b: number): boolean => (b & 0xc0) === 0x80;

/** Number of bytes of a valid sequence starting at i, or 0 when none starts there. */
function seqLength(bytes: ArrayLike<number>, i: number): number {
  const b = bytes[i];
  if (b < 0x80) return 1;
  let n: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (b >= 0xc2 && b <= 0xdf) n = 2;
  else if (b >= 0xe0 && b <= 0xef) {
    n = 3;
    if (b === 0xe0) lo = 0xa0;
    else if (b === 0xed) hi = 0x9f;
  } else if (b >= 0xf0 && b <= 0xf4) {
    n = 4;
    if (b === 0xf0) lo = 0x90;
    else if (b === 0xf4) hi = 0x8f;
  } else return 0;
  if (i + n > bytes.length) return 0;
  const b1 = bytes[i + 1];
  if (b1 < lo || b1 > hi) return 0;
  for (let k = 2; k < n; k++) if (!isCont(bytes[i + k])) return 0;
  return n;
}

/** True when the bytes are a sequence of whole, valid UTF-8 characters (empty counts as complete). */
export function isCompleteUtf8(bytes: ArrayLike<number>): boolean {
  let i = 0;
  while (i < bytes.length) {
    const n = seqLength(bytes, i);
    if (n === 0) return false;
    i += n;
  }
  return true;
}

/** Lead bytes needed by a lead byte (0 for a continuation or never-valid byte). */
function expectedLength(b: number): number {
  if (b < 0x80) return 1;
  if (b >= 0xc2 && b <= 0xdf) return 2;
  if (b >= 0xe0 && b <= 0xef) return 3;
  if (b >= 0xf0 && b <= 0xf4) return 4;
  return 0;
}

/**
 * The shape of a token's bytes: complete; "head" (starts on a character boundary, ends inside a
 * character, e.g. the first byte E4 of 你); "tail" (starts with continuation bytes, ends on a
 * boundary); "middle" (both cut); "invalid" (bytes no UTF-8 text contains, e.g. C0, F5–FF).
 */
export function utf8Shape(bytes: ArrayLike<number>): Utf8Shape {
  if (isCompleteUtf8(bytes)) return "complete";
  const n = bytes.length;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0xc0 || b === 0xc1 || b >= 0xf5) return "invalid";
  }
  let start = 0;
  while (start < n && isCont(bytes[start])) start++;
  const cutLeft = start > 0;
  // walk whole characters from the first lead byte; a cut at the right end leaves an unfinished one
  let i = start;
  let cutRight = false;
  while (i < n) {
    const want = expectedLength(bytes[i]);
    if (want === 0) return "invalid";
    if (i + want > n) {
      for (let k = i + 1; k < n; k++) if (!isCont(bytes[k])) return "invalid";
      cutRight = true;
      break;
    }
    for (let k = 1; k < want; k++) if (!isCont(bytes[i + k])) return "invalid";
    i += want;
  }
  if (!cutLeft && !cutRight) return "invalid"; // well-formed structure but a forbidden value (overlong, surrogate)
  return cutLeft && cutRight ? "middle" : cutLeft ? "tail" : "head";
}

/**
 * Characters that start in these bytes: the count of bytes that are not continuation bytes. Summed
 * over the tokens of an encoded text it gives the text's characters exactly, so it is the per-token
 * share of chars/token (a "tail" fragment adds 0, a "head" fragment adds the character it starts).
 */
export function charStarts(bytes: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < bytes.length; i++) if (!isCont(bytes[i])) n++;
  return n;
}
