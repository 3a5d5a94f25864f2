// The ORT engine's KV cache: per layer, keys and values position-major [pos, B, n_kv_head, head_dim] in a
// buffer that grows by doubling. A step appends its new keys at the end (one copy of the new rows) and the
// next run is fed a prefix view of the buffer (no copy), which is why the graph takes position-major caches.
import type { InferenceCache } from "../inference";
import type { NamedTensor } from "./session";

export class OrtKVCache implements InferenceCache {
  pos = 0;
  private keys: Float32Array[];
  private values: Float32Array[];
  private capacity = 0;
  private disposed = false;
  /** floats per position: B · n_kv_head · head_dim */
  readonly stride: number;

  constructor(
    readonly batch: number,
    readonly nLayer: number,
    readonly nKvHead: number,
    readonly headDim: number,
    /** the rotary table's length: no position past it */
    readonly maxPos: number,
  ) {
    this.stride = batch * nKvHead * headDim;
    this.keys = Array.from({ length: nLayer }, () => new Float32Array(0));
    this.values = Array.from({ length: nLayer }, () => new Float32Array(0));
  }

  private check(): void {
    if (this.disposed) throw new Error("KV cache used after dispose()");
  }

  /** Layer i's keys and values so far, as [pos, B, Hkv, hd] views. */
  past(i: number): { k: NamedTensor; v: NamedTensor } {
    this.check();
    const dims = [this.pos, this.batch, this.nKvHead, this.headDim];
    const n = this.pos * this.stride;
    return { k: { data: this.keys[i].subarray(0, n), dims }, v: { data: this.values[i].subarray(0, n), dims } };
  }

  /** Appends T new positions for every layer (newK/newV [T, B, Hkv, hd]). */
  append(newK: Float32Array[], newV: Float32Array[], T: number): void {
    this.check();
    const need = this.pos + T;
    if (need > this.maxPos) throw new Error(`KV cache: position ${need} is beyond the rotary table (${this.maxPos} positions = 10 × sequence_len, as nanochat)`);
    if (need > this.capacity) {
      const cap = Math.min(this.maxPos, Math.max(need, 2 * this.capacity, 64));
      for (let i = 0; i < this.nLayer; i++) {
        const k = new Float32Array(cap * this.stride);
        const v = new Float32Array(cap * this.stride);
        k.set(this.keys[i].subarray(0, this.pos * this.stride));
        v.set(this.values[i].subarray(0, this.pos * this.stride));
        this.keys[i] = k;
        this.values[i] = v;
      }
      this.capacity = cap;
    }
    for (let i = 0; i < this.nLayer; i++) {
      if (newK[i].length !== T * this.stride) throw new Error(`KV cache: layer ${i} new keys hold ${newK[i].length} floats, ${T}·${this.stride} expected`);
      this.keys[i].set(newK[i], this.pos * this.stride);
      this.values[i].set(newV[i], this.pos * this.stride);
    }
    this.pos = need;
  }

  dispose(): void {
    this.keys = [];
    this.values = [];
    this.disposed = true;
    this.pos = 0;
  }
}
