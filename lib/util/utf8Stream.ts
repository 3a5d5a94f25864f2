// Chunked UTF-8 decoding that counts what it replaces. Every reader that turns bytes into text
// (stdin of normalize / tok encode, the line readers of clean, dedup and tok train) decodes through
// this, so invalid UTF-8 is reported the same way everywhere: the count of U+FFFD inserted and the
// byte offset of the first bad sequence (`invalidUtf8Message`). Counts follow the WHATWG decoder
// (lib/util/utf8), so they equal the U+FFFD a whole-input TextDecoder would emit.
import { scanInvalidUtf8 } from "./utf8";

/** Invalid UTF-8 seen so far: replacements made and the byte offset of the first (-1: none). */
export interface InvalidUtf8 {
  count: number;
  firstOffset: number;
}

export function noInvalidUtf8(): InvalidUtf8 {
  return { count: 0, firstOffset: -1 };
}

/** The one wording for a report: "<source>: N invalid UTF-8 sequence(s) replaced by U+FFFD; first at byte offset X". */
export function invalidUtf8Message(source: string, bad: InvalidUtf8): string {
  return `${source}: ${bad.count} invalid UTF-8 sequence(s) replaced by U+FFFD; first at byte offset ${bad.firstOffset}`;
}

/** Index at which to cut `bytes` so that no multi-byte sequence is split (a trailing incomplete one waits). */
function cutPoint(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= 3 && back <= n; back++) {
    const b = bytes[n - back];
    if ((b & 0xc0) === 0x80) continue; // continuation byte: look further back for the lead
    const len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return len > back ? n - back : n;
  }
  return n;
}

const fatal = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const lossy = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });

/**
 * Decode a byte stream chunk by chunk. A BOM is kept (callers decide); invalid bytes become U+FFFD
 * and are counted in `invalid` with the stream offset of the first. Fast path: a fatal decode of
 * each chunk; only a chunk that fails is scanned byte by byte.
 */
export class Utf8StreamDecoder {
  readonly invalid: InvalidUtf8 = noInvalidUtf8();
  private carry: Uint8Array = new Uint8Array(0);
  /** Stream offset of carry[0]. */
  private offset = 0;

  /** Text of `chunk` (plus any bytes held back from the last one); `final` flushes the tail. */
  decode(chunk: Uint8Array, final = false): string {
    let bytes = chunk;
    if (this.carry.length > 0) {
      bytes = new Uint8Array(this.carry.length + chunk.length);
      bytes.set(this.carry);
      bytes.set(chunk, this.carry.length);
    }
    const cut = final ? bytes.length : cutPoint(bytes);
    const view = bytes.subarray(0, cut);
    let text: string;
    try {
      text = fatal.decode(view);
    } catch {
      const { count, firstOffset } = scanInvalidUtf8(view, true);
      if (this.invalid.firstOffset < 0) this.invalid.firstOffset = this.offset + firstOffset;
      this.invalid.count += count;
      text = lossy.decode(view);
    }
    // a copy: `bytes` may be a Buffer over the caller's reusable read buffer (Buffer#slice would alias it)
    this.carry = Uint8Array.prototype.slice.call(bytes, cut);
    this.offset += cut;
    return text;
  }

  /** Whatever is held back (an incomplete sequence at the very end), as text. */
  end(): string {
    return this.carry.length > 0 ? this.decode(new Uint8Array(0), true) : "";
  }
}

/** Decode whole bytes, counting replacements (same rules as the stream decoder). */
export function decodeUtf8Counted(bytes: Uint8Array): { text: string; invalid: InvalidUtf8 } {
  const d = new Utf8StreamDecoder();
  const text = d.decode(bytes, true);
  return { text, invalid: d.invalid };
}
