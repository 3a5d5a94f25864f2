// Streaming UTF-8 decoding of a file in chunks, counting invalid sequences and remembering where the
// first one was. Fast path: a fatal TextDecoder over each chunk cut at a character boundary; only a
// chunk that fails is scanned byte by byte (WHATWG decoder rules, so counts equal U+FFFD emitted).
import fs from "node:fs";
import type { ReadOptions, ReadStats } from "./types";
import { warn } from "./types";

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
