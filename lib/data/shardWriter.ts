// nanochat pretraining shards (nanochat-reference §5, dev/repackage_data_reference.py): parquet with
// one `text` column, row groups of 1,024 documents, zstd, no dictionary, no statistics; a shard is
// closed once it holds ≥ charsPerShard characters AND a multiple of 1,024 documents.
//
// Memory stays bounded: every few row groups (batchRowGroups, default 4) are handed to parquet-wasm's
// streaming writer (transformParquetStream), which cuts them into row groups of 1,024 and emits bytes
// as each is finished; those are appended to a temp file at once. At most a few row groups are in
// memory (JS buffer + a queue of 2 batches + the row group being encoded), whatever the shard size.
// Each shard is written under a temp name in the same folder, fsynced, then renamed, so a crash
// never leaves a half shard under its final name. writeShards and buildMixture go further: they give
// the writer an empty staging folder and swap the finished set in whole (lib/data/shardSet).
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { transformParquetStream, type RecordBatch } from "parquet-wasm";
import { BatchQueue } from "./batchQueue";
import { removeStaleTemps } from "../util/tempFiles";
import { codePointLength } from "./types";
import { textRecordBatch, writerProperties, type ShardCompression } from "./rowGroup";

export const DEFAULT_CHARS_PER_SHARD = 250_000_000;
export const ROW_GROUP_DOCS = 1024;

export type Split = "train" | "val";

export interface ShardInfo {
  file: string;
  split: Split;
  documents: number;
  characters: number;
  utf8Bytes: number;
  rowGroups: number;
  fileBytes: number;
  sha256: string;
}

export interface SourceCount {
  documents: number;
  characters: number;
}

export interface ShardWriterOptions {
  /** Characters (code points) before a shard may close; default 250,000,000 (nanochat). */
  charsPerShard?: number;
  /** Documents per row group; default 1,024 (nanochat). Shards close on multiples of it. */
  rowGroupDocs?: number;
  /** Row groups handed to parquet-wasm per call (default 4: ~17% faster than 1; memory stays a few row groups). */
  batchRowGroups?: number;
  compression?: ShardCompression;
  /** ShardWriter.create: remove existing shard_*.parquet (and manifest.json) first instead of refusing.
   * writeShards / buildMixture: replace the old set, swapped out only once the new one is complete. */
  overwrite?: boolean;
  /** Called after each shard is renamed into place. */
  onShard?: (shard: ShardInfo) => void;
}

export function shardFileName(index: number): string {
  return `shard_${String(index).padStart(5, "0")}.parquet`;
}

/** Shard files in `dir`, sorted (the order nanochat reads them in; the last is val). */
export function listShardFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => /^shard_\d+\.parquet$/.test(f))
    .sort();
}

/** One shard being written: temp file, the wasm writer stream, and a pump that copies its output to disk. */
class OpenShard {
  readonly tmp: string;
  private readonly fd: number;
  private readonly hash = crypto.createHash("sha256");
  private readonly queue = new BatchQueue();
  private readonly pump: Promise<void>;
  fileBytes = 0;
  documents = 0;
  characters = 0;
  utf8Bytes = 0;
  rowGroups = 0;

  constructor(readonly dir: string, readonly file: string, readonly split: Split, private readonly rowGroupDocs: number, compression: ShardCompression) {
    this.tmp = path.join(dir, `.${file}.tmp-${process.pid}-${crypto.randomBytes(4).toString("hex")}`);
    const fd = fs.openSync(this.tmp, "w");
    this.fd = fd;
    const queue = this.queue;
    const input = new ReadableStream<RecordBatch>(
      {
        async pull(controller) {
          const b = await queue.take();
          if (b) controller.enqueue(b);
          else if (queue.error) controller.error(queue.error);
          else controller.close();
        },
      },
      { highWaterMark: 0 },
    );
    this.pump = (async () => {
      const output = await transformParquetStream(input, writerProperties(rowGroupDocs, compression));
      const reader = output.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        const bytes = value as Uint8Array;
        this.hash.update(bytes);
        let off = 0;
        while (off < bytes.length) off += fs.writeSync(fd, bytes, off, bytes.length - off);
        this.fileBytes += bytes.length;
      }
    })().catch((err: Error) => {
      this.queue.fail(err);
      throw err;
    });
    this.pump.catch(() => undefined); // observed in close()/abort()
  }

  /** Hand `texts` (whole row groups, except at the end of a shard) to the writer; it cuts row groups of rowGroupDocs. */
  async writeRows(texts: string[], chars: number, bytes: number): Promise<void> {
    await this.queue.put(textRecordBatch(texts));
    this.documents += texts.length;
    this.characters += chars;
    this.utf8Bytes += bytes;
    this.rowGroups = Math.ceil(this.documents / this.rowGroupDocs);
  }

  /** Finish the parquet footer, fsync, rename into place. */
  async close(): Promise<ShardInfo> {
    this.queue.close();
    try {
      await this.pump;
      fs.fsyncSync(this.fd);
    } catch (err) {
      this.discard();
      throw err;
    }
    fs.closeSync(this.fd);
    fs.renameSync(this.tmp, path.join(this.dir, this.file));
    return {
      file: this.file,
      split: this.split,
      documents: this.documents,
      characters: this.characters,
      utf8Bytes: this.utf8Bytes,
      rowGroups: this.rowGroups,
      fileBytes: this.fileBytes,
      sha256: this.hash.digest("hex"),
    };
  }

  /** Stop and delete the temp file; nothing appears under the shard's name. */
  async abort(reason: Error): Promise<void> {
    this.queue.fail(reason);
    await this.pump.catch(() => undefined);
    this.discard();
  }

  private discard(): void {
    try {
      fs.closeSync(this.fd);
    } catch {
      // already closed
    }
    fs.rmSync(this.tmp, { force: true });
  }
}

/** Writes documents into consecutive nanochat shards in one folder. */
export class ShardWriter {
  readonly charsPerShard: number;
  readonly rowGroupDocs: number;
  readonly compression: ShardCompression;
  readonly batchRowGroups: number;
  readonly shards: ShardInfo[] = [];
  readonly sources: Record<string, SourceCount> = {};
  private current: OpenShard | undefined;
  private pending: string[] = [];
  private pendingChars = 0;
  private pendingBytes = 0;
  private split: Split = "train";
  private finished = false;

  private constructor(readonly outDir: string, private readonly opts: ShardWriterOptions) {
    this.charsPerShard = opts.charsPerShard ?? DEFAULT_CHARS_PER_SHARD;
    this.rowGroupDocs = opts.rowGroupDocs ?? ROW_GROUP_DOCS;
    this.compression = opts.compression ?? "zstd";
    this.batchRowGroups = Math.max(1, Math.floor(opts.batchRowGroups ?? 4));
    if (!(this.charsPerShard > 0)) throw new Error(`charsPerShard must be > 0, got ${this.charsPerShard}`);
    if (!Number.isInteger(this.rowGroupDocs) || this.rowGroupDocs < 1) throw new Error(`rowGroupDocs must be a positive integer, got ${this.rowGroupDocs}`);
  }

  /** Open a writer on `outDir` (created if needed). Refuses a folder that already holds shards unless `overwrite`. */
  static create(outDir: string, opts: ShardWriterOptions = {}): ShardWriter {
    fs.mkdirSync(outDir, { recursive: true });
    const existing = listShardFiles(outDir);
    if (existing.length > 0) {
      if (!opts.overwrite) {
        throw new Error(`${outDir} already holds ${existing.length} shard file(s) (${existing[0]} …); pass overwrite (--overwrite) to replace them`);
      }
      for (const f of existing) fs.rmSync(path.join(outDir, f));
      fs.rmSync(path.join(outDir, "manifest.json"), { force: true });
    }
    removeStaleTemps(outDir, (f) => /^shard_\d+\.parquet$/.test(f)); // a killed writer's half shards (a live one's stay)
    return new ShardWriter(outDir, opts);
  }

  private get shardDocs(): number {
    return (this.current?.documents ?? 0) + this.pending.length;
  }
  private get shardChars(): number {
    return (this.current?.characters ?? 0) + this.pendingChars;
  }

  /** Add one document. Resolves once it is buffered (or its row groups have been handed to the writer). */
  async add(text: string, source = "unknown"): Promise<void> {
    if (this.finished) throw new Error("ShardWriter: add() after finish()");
    const chars = codePointLength(text);
    this.pending.push(text);
    this.pendingChars += chars;
    this.pendingBytes += Buffer.byteLength(text, "utf8");
    const s = (this.sources[source] ??= { documents: 0, characters: 0 });
    s.documents++;
    s.characters += chars;
    if (this.pending.length % this.rowGroupDocs !== 0) return;
    // nanochat's rule: close at ≥ charsPerShard characters once the doc count is a multiple of the row group
    if (this.shardChars >= this.charsPerShard) await this.closeShard();
    else if (this.pending.length >= this.rowGroupDocs * this.batchRowGroups) await this.flushRowGroup();
  }

  private async flushRowGroup(): Promise<void> {
    if (this.pending.length === 0) return;
    if (!this.current) {
      this.current = new OpenShard(this.outDir, shardFileName(this.shards.length), this.split, this.rowGroupDocs, this.compression);
    }
    const texts = this.pending;
    const chars = this.pendingChars;
    const bytes = this.pendingBytes;
    this.pending = [];
    this.pendingChars = 0;
    this.pendingBytes = 0;
    await this.current.writeRows(texts, chars, bytes);
  }

  /** Close the current shard now (whatever its size); the next document starts a new one. */
  async closeShard(): Promise<void> {
    await this.flushRowGroup();
    if (!this.current) return;
    const shard = this.current;
    this.current = undefined;
    const info = await shard.close();
    this.shards.push(info);
    this.opts.onShard?.(info);
  }

  /** Start a new split: closes the current shard; later shards are labelled `split` (the val shard is written last). */
  async beginSplit(split: Split): Promise<void> {
    await this.closeShard();
    this.split = split;
  }

  /** Close the last shard; returns every shard written. */
  async finish(): Promise<ShardInfo[]> {
    await this.closeShard();
    this.finished = true;
    return this.shards;
  }

  /** Give up: the shard being written is deleted (its temp file); finished shards stay. */
  async abort(reason: Error = new Error("aborted")): Promise<void> {
    this.finished = true;
    const cur = this.current;
    this.current = undefined;
    this.pending = [];
    if (cur) await cur.abort(reason);
  }

  /** Documents and characters in the shard being filled (for progress). */
  get openShard(): { documents: number; characters: number } {
    return { documents: this.shardDocs, characters: this.shardChars };
  }
}
