// Find invalid UTF-8 in bytes the way the WHATWG decoder replaces it (one U+FFFD per maximal
// subpart of an ill-formed sequence), so a command can report how many replacements it made and the
// byte offset of the first.

export interface Utf8Scan {
  /** Replacement characters the decoder inserts. */
  replacements: number;
  /** Byte offset of the first ill-formed sequence, or -1. */
  firstOffset: number;
}

export function scanUtf8(b: Uint8Array): Utf8Scan {
  let replacements = 0;
  let firstOffset = -1;
  const n = b.length;
  let i = 0;
  const bad = (at: number) => {
    replacements++;
    if (firstOffset < 0) firstOffset = at;
  };
  while (i < n) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else {
      bad(i);
      i++;
      continue;
    }
    let j = i + 1;
    let ok = true;
    for (let k = 0; k < need; k++, j++) {
      const d = j < n ? b[j] : -1;
      const l = k === 0 ? lo : 0x80;
      const h = k === 0 ? hi : 0xbf;
      if (d < l || d > h) {
        ok = false;
        break;
      }
    }
    if (ok) i = j;
    else {
      bad(i);
      i = j; // the maximal subpart ends before the offending byte
    }
  }
  return { replacements, firstOffset };
}
