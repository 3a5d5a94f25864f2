// Streaming UTF-8 decoding of a file in chunks, counting invalid sequences and remembering where the
// first one was. Fast path: a fatal TextDecoder over each chunk cut at a character boundary; only a
// chunk that fails is scanned byte by byte (WHATWG decoder rules, so counts equal U+FFFD emitted).
import fs from "node:fs";
import { scanInvalidUtf8 } from "../util/utf8";
import type { ReadOptions, ReadStats } from "./types";
import { warn } from "./types";

export { scanInvalidUtf8 };

/** Where to cut `bytes` so that no multi-byte sequence is split: index of a trailing incomplete lead byte, else length. */
export function utf8CutPoint(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= 3 && back <= n; back++) {
    const b = bytes[n - back];
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return len > back ? n - back : n;
  }
  return n;
}

const fatalDecoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const lossyDecoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });

/**
 * Decoded text of `file`, chunk by chunk (no chunk splits a character; a leading BOM is dropped).
 * Invalid bytes become U+FFFD; they are counted in `stats` and warned about once per file with the
 * byte offset of the first, or thrown on when `strictUtf8`.
 */
export async function* readTextChunks(file: string, opts: ReadOptions, stats: ReadStats): AsyncGenerator<string> {
  const chunkBytes = opts.chunkBytes ?? 1 << 20;
  const fd = await fs.promises.open(file, "r");
  let fileInvalid = 0;
  let fileFirst = -1;
  try {
    const buf = Buffer.allocUnsafe(chunkBytes + 4);
    let carry = 0; // bytes of an incomplete sequence kept at the start of buf
    let offset = 0; // file offset of buf[0]
    let firstChunk = true;
    for (;;) {
      const { bytesRead } = await fd.read(buf, carry, chunkBytes, null);
      stats.bytesRead += bytesRead;
      const end = carry + bytesRead;
      const eof = bytesRead === 0;
      if (end === 0) break;
      let view = buf.subarray(0, end);
      const cut = eof ? end : utf8CutPoint(view);
      view = buf.subarray(0, cut);
      let text: string;
      try {
        text = fatalDecoder.decode(view);
      } catch {
        const { count, firstOffset } = scanInvalidUtf8(view, true);
        if (opts.strictUtf8) throw new Error(`${file}: invalid UTF-8 at byte offset ${offset + firstOffset}`);
        if (fileFirst < 0) fileFirst = offset + firstOffset;
        fileInvalid += count;
        text = lossyDecoder.decode(view);
      }
      if (firstChunk && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      firstChunk = false;
      if (text.length) yield text;
      if (eof) break;
      // move the uncut tail to the front
      const tail = end - cut;
      buf.copy(buf, 0, cut, end);
      offset += cut;
      carry = tail;
    }
  } finally {
    await fd.close();
  }
  if (fileInvalid > 0) {
    stats.invalidUtf8 += fileInvalid;
    if (!stats.firstInvalidUtf8) stats.firstInvalidUtf8 = { file, byteOffset: fileFirst };
    warn(opts, `${file}: ${fileInvalid} invalid UTF-8 sequence(s) replaced by U+FFFD; first at byte offset ${fileFirst}`);
  }
}

/** Lines of `file` (without their \n or \r\n), numbered from 1. */
export async function* readLines(file: string, opts: ReadOptions, stats: ReadStats): AsyncGenerator<{ text: string; line: number }> {
  let partial = "";
  let line = 0;
  let any = false;
  for await (const chunk of readTextChunks(file, opts, stats)) {
    any = true;
    let start = 0;
    let data = partial + chunk;
    for (;;) {
      const nl = data.indexOf("\n", start);
      if (nl < 0) break;
      let text = data.slice(start, nl);
      if (text.endsWith("\r")) text = text.slice(0, -1);
      yield { text, line: ++line };
      start = nl + 1;
    }
    partial = data.slice(start);
    data = "";
  }
  if (partial.length > 0) {
    yield { text: partial.endsWith("\r") ? partial.slice(0, -1) : partial, line: ++line };
  }
  if (!any) noteEmptyFile(file, opts, stats);
}

export function noteEmptyFile(file: string, opts: ReadOptions, stats: ReadStats): void {
  stats.emptyFiles.push(file);
  warn(opts, `${file}: empty file (0 documents)`);
}
