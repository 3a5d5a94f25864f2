// nanochat v1's pretraining data loader (tokenizing_distributed_data_loader, reference §5): documents
// are read a row group at a time, each tokenized with BOS prepended, and streamed into one token queue;
// every batch takes B·T+1 tokens → inputs = [:-1], targets = [1:] as [B, T]. Documents run across
// batches; after the last training shard the stream wraps to the first (epoch + 1).
// The position {epoch, shard, rowGroup, row, leftover} is exact: a loader made from it yields the same
// batches as the one it was taken from (checkpoints store it).
import type { DocShard, DocSource } from "./docSource";

export interface TextEncoderLike {
  encodeOrdinary(text: string): number[];
}

export interface LoaderState {
  epoch: number;
  /** index into the training shards */
  shard: number;
  rowGroup: number;
  /** next document of that row group to tokenize */
  row: number;
  /** tokenized but not yet batched */
  leftover: number[];
}

export interface Batch {
  /** int32 [B·T], row-major [B, T] */
  inputs: Int32Array;
  targets: Int32Array;
  B: number;
  T: number;
}

export const START: LoaderState = { epoch: 0, shard: 0, rowGroup: 0, row: 0, leftover: [] };

export class TokenLoader {
  private buf: number[];
  private head = 0;
  private epoch: number;
  private shard: number;
  private rowGroup: number;
  private row: number;
  private docs: string[] | null = null;
  private groups: AsyncGenerator<string[]> | null = null;
  private epochTokens = 0;
  /** only a loader that starts at the very beginning can tell the corpus is smaller than one batch */
  private readonly fromStart: boolean;

  constructor(
    private readonly shards: DocShard[],
    private readonly tok: TextEncoderLike,
    private readonly bos: number,
    readonly B: number,
    readonly T: number,
    state: LoaderState = START,
    private readonly where = shards.map((s) => s.label).join(", "),
  ) {
    if (shards.length === 0) throw new Error("loader: no shards to read");
    this.epoch = state.epoch;
    this.shard = state.shard;
    this.rowGroup = state.rowGroup;
    this.row = state.row;
    this.buf = state.leftover.slice();
    this.fromStart = state.epoch === 0 && state.shard === 0 && state.rowGroup === 0 && state.row === 0 && state.leftover.length === 0;
    if (this.shard >= shards.length) throw new Error(`loader state: shard ${this.shard} but the data has ${shards.length} training shard(s) (${this.where})`);
  }

  /** The exact position: a TokenLoader built from it continues with the same batches. */
  state(): LoaderState {
    return { epoch: this.epoch, shard: this.shard, rowGroup: this.rowGroup, row: this.row, leftover: this.buf.slice(this.head) };
  }

  /** Row group currently read, for the progress line. */
  position(): string {
    return `epoch ${this.epoch} shard ${this.shard} rg ${this.rowGroup}`;
  }

  /** The next document's text, moving to the next row group / shard / epoch as needed. */
  private async nextDoc(): Promise<string> {
    for (;;) {
      if (this.docs && this.row < this.docs.length) return this.docs[this.row++];
      if (this.docs) {
        this.rowGroup++;
        this.row = 0;
      }
      if (!this.groups) this.groups = this.shards[this.shard].groups(this.rowGroup);
      const next = await this.groups.next();
      if (!next.done) {
        this.docs = next.value;
        continue;
      }
      // end of this shard
      this.groups = null;
      this.docs = null;
      this.rowGroup = 0;
      this.row = 0;
      this.shard++;
      if (this.shard >= this.shards.length) {
        if (this.fromStart && this.epoch === 0 && this.epochTokens < this.B * this.T + 1)
          throw new Error(
            `${this.where}: the training data has ${this.epochTokens} tokens, fewer than one batch (device_batch_size·max_seq_len + 1 = ${this.B}·${this.T} + 1 = ${this.B * this.T + 1})`,
          );
        this.shard = 0;
        this.epoch++;
      }
    }
  }

  /** The next [B, T] batch. */
  async next(): Promise<Batch> {
    const needed = this.B * this.T + 1;
    while (this.buf.length - this.head < needed) {
      const text = await this.nextDoc();
      const ids = this.tok.encodeOrdinary(text);
      this.epochTokens += ids.length + 1;
      this.buf.push(this.bos);
      for (const id of ids) this.buf.push(id);
    }
    const n = needed - 1;
    const inputs = new Int32Array(n);
    const targets = new Int32Array(n);
    const b = this.buf;
    const h = this.head;
    for (let i = 0; i < n; i++) {
      inputs[i] = b[h + i];
      targets[i] = b[h + i + 1];
    }
    this.head += needed;
    if (this.head > 1 << 16) {
      this.buf = this.buf.slice(this.head);
      this.head = 0;
    }
    return { inputs, targets, B: this.B, T: this.T };
  }
}

export interface LoaderOptions {
  B: number;
  T: number;
  state?: LoaderState;
}

/** The training loader of a source (all but the validation shard). */
export function makeLoader(source: DocSource, tok: TextEncoderLike, bos: number, opts: LoaderOptions): TokenLoader {
  return new TokenLoader(source.train, tok, bos, opts.B, opts.T, opts.state ?? START, source.where);
}

/**
 * The fixed validation batches: the first `maxBatches` [B, T] batches of the validation shard (fewer when
 * the shard is shorter; it does not wrap, so no validation token is counted twice). Throws when the
 * shard has less than one batch.
 */
export async function validationBatches(source: DocSource, tok: TextEncoderLike, bos: number, B: number, T: number, maxBatches: number): Promise<Batch[]> {
  const needed = B * T + 1;
  const tokens: number[] = [];
  const want = maxBatches * needed;
  outer: for await (const group of source.val.groups(0)) {
    for (const text of group) {
      tokens.push(bos);
      for (const id of tok.encodeOrdinary(text)) tokens.push(id);
      if (tokens.length >= want) break outer;
    }
  }
  const nb = Math.min(maxBatches, Math.floor(tokens.length / needed));
  if (nb < 1) throw new Error(`${source.val.label}: the validation data has ${tokens.length} tokens, fewer than one batch (${B}·${T} + 1 = ${needed})`);
  const out: Batch[] = [];
  for (let k = 0; k < nb; k++) {
    const o = k * needed;
    const inputs = new Int32Array(B * T);
    const targets = new Int32Array(B * T);
    for (let i = 0; i < B * T; i++) {
      inputs[i] = tokens[o + i];
      targets[i] = tokens[o + i + 1];
    }
    out.push({ inputs, targets, B, T });
  }
  return out;
}
