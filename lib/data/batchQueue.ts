// The hand-off between ShardWriter.add (producer) and parquet-wasm's stream writer (consumer).
import type { RecordBatch } from "parquet-wasm";

/** Bounded hand-off of record batches from `add` to the parquet-wasm stream (at most `limit` waiting). */
export class BatchQueue {
  private items: RecordBatch[] = [];
  private closed = false;
  private waiters: (() => void)[] = [];
  error: Error | undefined;
  constructor(private readonly limit = 2) {}
  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
  private wait(): Promise<void> {
    return new Promise((r) => this.waiters.push(r));
  }
  async put(b: RecordBatch): Promise<void> {
    while (this.items.length >= this.limit && !this.error) await this.wait();
    if (this.error) {
      b.free();
      throw this.error;
    }
    this.items.push(b);
    this.wake();
  }
  async take(): Promise<RecordBatch | null> {
    while (this.items.length === 0 && !this.closed && !this.error) await this.wait();
    const b = this.items.shift();
    this.wake();
    return b ?? null;
  }
  close(): void {
    this.closed = true;
    this.wake();
  }
  fail(err: Error): void {
    this.error ??= err;
    for (const b of this.items) b.free();
    this.items = [];
    this.wake();
  }
}
