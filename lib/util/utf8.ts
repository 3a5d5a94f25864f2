// Invalid UTF-8, counted the way the WHATWG decoder (TextDecoder) replaces it: one U+FFFD per
// maximal subpart of an ill-formed sequence. Used by the readers (lib/data) and `nanozh normalize`.

/** Count invalid sequences in `bytes` the way the WHATWG UTF-8 decoder emits U+FFFD. `final`: the end is end of input. */
export function scanInvalidUtf8(bytes: Uint8Array, final = true): { count: number; firstOffset: number } {
  let count = 0;
  let first = -1;
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need = 0;
    let lower = 0x80;
    let upper = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lower = 0xa0;
      if (b === 0xed) upper = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lower = 0x90;
      if (b === 0xf4) upper = 0x8f;
    } else {
      if (first < 0) first = i;
      count++;
      i++;
      continue;
    }
    let j = i + 1;
    let ok = true;
    for (let k = 0; k < need; k++, j++) {
      if (j >= n) {
        ok = false;
        break;
      }
      const c = bytes[j];
      if (c < lower || c > upper) {
        ok = false;
        break;
      }
      lower = 0x80;
      upper = 0xbf;
    }
    if (!ok) {
      if (j >= n && !final) break; // truncated at the end of a non-final chunk: not an error yet
      if (first < 0) first = i;
      count++;
      i = j; // maximal subpart: the bytes consumed so far form one replacement
      continue;
    }
    i = j;
  }
  return { count, firstOffset: first };
}
