// Open-addressing map from a byte string to token ids, on typed arrays: the whole-token table and
// the piece cache of the encoder. Keys live in one byte arena, multi-id values in one int arena;
// a slot is [hash, key offset, key length, value] (value ≥ 0: one id; < 0: −(ids offset + 1), where
// ids[offset] holds the count). A JS Map<string> of pieces cost ~0.7 µs per lookup here (hashing
// sliced strings, pointer chasing); this costs one probe and a byte compare.

export function hashBytes(buf: Uint8Array, n: number): number {
  let h = 0x811c9dc5 ^ n;
  for (let i = 0; i < n; i++) h = Math.imul(h ^ buf[i], 0x01000193);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return (h ^ (h >>> 12)) | 0;
}

export class ByteMap {
  private slots: Int32Array;
  private mask: number;
  private keys = new Uint8Array(1 << 16);
  private keysUsed = 0;
  private ids = new Int32Array(1 << 12);
  private idsUsed = 0;
  size = 0;

  /** A fixed-capacity map for up to `capacity` entries (load ≤ 1/2). */
  constructor(readonly capacity: number) {
    let cap = 16;
    while (cap < capacity * 2) cap <<= 1;
    this.slots = new Int32Array(cap * 4);
    this.mask = cap - 1;
  }

  get full(): boolean {
    return this.size >= this.capacity;
  }

  /** The slot index holding buf[0, n) with hash h, or −(free slot + 1). */
  private probe(buf: Uint8Array, n: number, h: number): number {
    const s = this.slots;
    const keys = this.keys;
    let i = h & this.mask;
    for (;;) {
      const k = i << 2;
      const len = s[k + 2];
      if (len === 0) return -(i + 1);
      if (len === n && s[k] === h) {
        const off = s[k + 1];
        let j = 0;
        while (j < n && keys[off + j] === buf[j]) j++;
        if (j === n) return i;
      }
      i = (i + 1) & this.mask;
    }
  }

  /** Append the ids stored for buf[0, n) to `out`; false when absent. */
  getInto(buf: Uint8Array, n: number, h: number, out: number[]): boolean {
    const i = this.probe(buf, n, h);
    if (i < 0) return false;
    const v = this.slots[(i << 2) + 3];
    if (v >= 0) out.push(v);
    else {
      const off = -v - 1;
      const ids = this.ids;
      const c = ids[off];
      for (let j = 1; j <= c; j++) out.push(ids[off + j]);
    }
    return true;
  }

  /** The single id stored for buf[0, n), or −1 (absent or several ids). */
  getSingle(buf: Uint8Array, n: number, h: number): number {
    const i = this.probe(buf, n, h);
    if (i < 0) return -1;
    const v = this.slots[(i << 2) + 3];
    return v >= 0 ? v : -1;
  }

  /** Store ids (out[from, to)) for buf[0, n) unless present or full. Returns false if the key was present. */
  set(buf: Uint8Array, n: number, h: number, out: ArrayLike<number>, from: number, to: number): boolean {
    if (this.size >= this.capacity) return true;
    let i = this.probe(buf, n, h);
    if (i >= 0) return false;
    i = -i - 1;
    if (this.keysUsed + n > this.keys.length) {
      const k = new Uint8Array(Math.max(this.keys.length * 2, this.keysUsed + n));
      k.set(this.keys.subarray(0, this.keysUsed));
      this.keys = k;
    }
    const keys = this.keys;
    const ko = this.keysUsed;
    for (let j = 0; j < n; j++) keys[ko + j] = buf[j];
    let v: number;
    const c = to - from;
    if (c === 1) v = out[from];
    else {
      if (this.idsUsed + c + 1 > this.ids.length) {
        const d = new Int32Array(Math.max(this.ids.length * 2, this.idsUsed + c + 1));
        d.set(this.ids.subarray(0, this.idsUsed));
        this.ids = d;
      }
      this.ids[this.idsUsed] = c;
      for (let j = 0; j < c; j++) this.ids[this.idsUsed + 1 + j] = out[from + j];
      v = -(this.idsUsed + 1);
      this.idsUsed += c + 1;
    }
    const k = i << 2;
    this.slots[k] = h;
    this.slots[k + 1] = this.keysUsed;
    this.slots[k + 2] = n;
    this.slots[k + 3] = v;
    this.keysUsed += n;
    this.size++;
    return true;
  }
}
