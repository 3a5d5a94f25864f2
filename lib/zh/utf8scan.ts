// Find invalid UTF-8 in bytes the way the WHATWG decoder replaces it (one U+FFFD per maximal
// subpart of an ill-formed sequence), so a command can report how many replacements it made and the
// byte offset of the first.
import { scanInvalidUtf8 } from "../util/utf8";

export interface Utf8Scan {
  /** Replacement characters the decoder inserts. */
  replacements: number;
  /** Byte offset of the first ill-formed sequence, or -1. */
  firstOffset: number;
}

export function scanUtf8(b: Uint8Array): Utf8Scan {
  const { count, firstOffset } = scanInvalidUtf8(b, true);
  return { replacements: count, firstOffset };
}
