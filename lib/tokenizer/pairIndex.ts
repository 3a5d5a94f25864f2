// Trainer bookkeeping: a slot per distinct pair (a, b) with its count, and the words it occurs in.
// Open addressing on typed arrays; slots are never removed (a merged pair keeps count 0).

export class PairIndex {
  private table: Int32Array; // slot + 1, 0 = empty
  private mask: number;
  a: Int32Array;
  b: Int32Array;
  count: Float64Array;
  /**
   * Words containing each pair (a superset: some may no longer contain it), as one contiguous run
   * per slot in a shared arena: no per-pair objects (millions of pairs).
   */
  arena: Int32Array;
  arenaUsed = 0;
  whereOff: Int32Array;
  whereLen: Int32Array;
  /** Scratch marker per slot (dedupes a word while it is processed). */
  mark: Int32Array;
  size = 0;

  constructor(expected = 1 << 16) {
    let cap = 1024;
    while (cap < expected * 2) cap <<= 1;
    this.table = new Int32Array(cap);
    this.mask = cap - 1;
    const n = Math.max(1024, expected);
    this.a = new Int32Array(n);
    this.b = new Int32Array(n);
    this.count = new Float64Array(n);
    this.whereOff = new Int32Array(n);
    this.whereLen = new Int32Array(n);
    this.mark = new Int32Array(n).fill(-1);
    this.arena = new Int32Array(1024);
  }

  private static hash(a: number, b: number): number {
    return (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x632be5ab, 0x85ebca77)) >>> 0;
  }

  /** The slot of (a,b), or -1. */
  find(a: number, b: number): number {
    let i = PairIndex.hash(a, b) & this.mask;
    for (;;) {
      const s = this.table[i];
      if (s === 0) return -1;
      if (this.a[s - 1] === a && this.b[s - 1] === b) return s - 1;
      i = (i + 1) & this.mask;
    }
  }

  /** The slot of (a,b), created (count 0, no words) when absent. */
  slot(a: number, b: number): number {
    let i = PairIndex.hash(a, b) & this.mask;
    for (;;) {
      const s = this.table[i];
      if (s === 0) break;
      if (this.a[s - 1] === a && this.b[s - 1] === b) return s - 1;
      i = (i + 1) & this.mask;
    }
    const id = this.size++;
    if (id >= this.a.length) this.growSlots();
    this.a[id] = a;
    this.b[id] = b;
    this.table[i] = id + 1;
    if (this.size * 2 > this.mask) this.rehash();
    return id;
  }

  /**
   * Give slots [first, size) their word lists from (slot, word) entries, `n` of them in `entries`
   * (pairs of ints), appended to the arena grouped by slot (counting sort; word order kept).
   */
  appendLists(first: number, entries: Int32Array, n: number): void {
    const k = this.size - first;
    if (k <= 0) return;
    const len = this.whereLen;
    for (let s = first; s < this.size; s++) len[s] = 0;
    for (let e = 0; e < n; e++) len[entries[2 * e]]++;
    this.reserve(n);
    let off = this.arenaUsed;
    for (let s = first; s < this.size; s++) {
      this.whereOff[s] = off;
      off += len[s];
      len[s] = 0;
    }
    const arena = this.arena;
    for (let e = 0; e < n; e++) {
      const s = entries[2 * e];
      arena[this.whereOff[s] + len[s]++] = entries[2 * e + 1];
    }
    this.arenaUsed = off;
  }

  /** Forget a slot's word list (after it was merged, or once its count is 0). */
  dropWhere(slot: number): void {
    this.whereLen[slot] = 0;
  }

  /** Room for n more arena entries: compact (dropping lists of dead pairs) or grow. */
  private reserve(n: number): void {
    if (this.arenaUsed + n <= this.arena.length) return;
    // compact in slot order: offsets increase with slot id, so moving runs down is safe
    let live = 0;
    for (let s = 0; s < this.size; s++) if (this.count[s] > 0) live += this.whereLen[s];
    let target = this.arena;
    if (live + n > this.arena.length / 2) {
      let cap = this.arena.length;
      while (cap < 2 * (live + n)) cap *= 2;
      target = new Int32Array(cap);
    }
    let o = 0;
    for (let s = 0; s < this.size; s++) {
      const l = this.whereLen[s];
      if (l === 0) continue;
      if (this.count[s] <= 0) {
        this.whereLen[s] = 0;
        continue;
      }
      const from = this.whereOff[s];
      if (target === this.arena) target.copyWithin(o, from, from + l);
      else target.set(this.arena.subarray(from, from + l), o);
      this.whereOff[s] = o;
      o += l;
    }
    this.arena = target;
    this.arenaUsed = o;
  }

  private growSlots(): void {
    const n = this.a.length * 2;
    const grow = <T extends Int32Array | Float64Array>(old: T, make: (n: number) => T, fill?: number): T => {
      const x = make(n);
      if (fill !== undefined) x.fill(fill);
      x.set(old);
      return x;
    };
    this.a = grow(this.a, (k) => new Int32Array(k));
    this.b = grow(this.b, (k) => new Int32Array(k));
    this.count = grow(this.count, (k) => new Float64Array(k));
    this.whereOff = grow(this.whereOff, (k) => new Int32Array(k));
    this.whereLen = grow(this.whereLen, (k) => new Int32Array(k));
    this.mark = grow(this.mark, (k) => new Int32Array(k), -1);
  }

  private rehash(): void {
    const cap = this.table.length * 2;
    this.table = new Int32Array(cap);
    this.mask = cap - 1;
    for (let s = 0; s < this.size; s++) {
      let i = PairIndex.hash(this.a[s], this.b[s]) & this.mask;
      while (this.table[i] !== 0) i = (i + 1) & this.mask;
      this.table[i] = s + 1;
    }
  }
}

/** A growable buffer of (slot, word) entries. */
export class EntryBuffer {
  data = new Int32Array(1 << 16);
  n = 0;
  push(slot: number, word: number): void {
    if (2 * this.n + 2 > this.data.length) {
      const d = new Int32Array(this.data.length * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data[2 * this.n] = slot;
    this.data[2 * this.n + 1] = word;
    this.n++;
  }
}

/** Max-heap of pair slots by (stored count desc, a asc, b asc) — rustbpe's MergeJob order. */
export class MergeHeap {
  private slots = new Int32Array(1024);
  private counts = new Float64Array(1024);
  size = 0;
  constructor(private pairs: PairIndex) {}

  /** true when entry x should come before entry y */
  private before(cx: number, sx: number, cy: number, sy: number): boolean {
    if (cx !== cy) return cx > cy;
    const p = this.pairs;
    const ax = p.a[sx];
    const ay = p.a[sy];
    if (ax !== ay) return ax < ay;
    return p.b[sx] < p.b[sy];
  }

  push(slot: number, count: number): void {
    if (this.size === this.slots.length) {
      const s = new Int32Array(this.size * 2);
      s.set(this.slots);
      this.slots = s;
      const c = new Float64Array(this.size * 2);
      c.set(this.counts);
      this.counts = c;
    }
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.before(count, slot, this.counts[p], this.slots[p])) break;
      this.slots[i] = this.slots[p];
      this.counts[i] = this.counts[p];
      i = p;
    }
    this.slots[i] = slot;
    this.counts[i] = count;
  }

  /** Pop the top; returns its slot and sets `poppedCount`. */
  poppedCount = 0;
  pop(): number {
    const topSlot = this.slots[0];
    this.poppedCount = this.counts[0];
    const n = --this.size;
    const ls = this.slots[n];
    const lc = this.counts[n];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && this.before(this.counts[c + 1], this.slots[c + 1], this.counts[c], this.slots[c])) c++;
      if (!this.before(this.counts[c], this.slots[c], lc, ls)) break;
      this.slots[i] = this.slots[c];
      this.counts[i] = this.counts[c];
      i = c;
    }
    this.slots[i] = ls;
    this.counts[i] = lc;
    return topSlot;
  }
}
