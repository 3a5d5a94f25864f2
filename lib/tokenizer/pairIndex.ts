// Trainer bookkeeping: a slot per distinct pair (a, b) with its count, and the words it occurs in.
// Open addressing on typed arrays; slots are never removed (a merged pair keeps count 0).

export class PairIndex {
  private table: Int32Array; // slot + 1, 0 = empty
  private mask: number;
  a: Int32Array;
  b: Int32Array;
  count: Float64Array;
  /** Words containing the pair (a superset: some may no longer contain it), per slot. */
  where: (Int32Array | null)[] = [];
  whereLen: Int32Array;
  /** Last word appended to `where` (dedupes while one word is processed). */
  lastWord: Int32Array;
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
    this.whereLen = new Int32Array(n);
    this.lastWord = new Int32Array(n).fill(-1);
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

  /** The slot of (a,b), created (count 0) when absent. */
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

  addWhere(slot: number, word: number): void {
    if (this.lastWord[slot] === word) return;
    this.lastWord[slot] = word;
    let list = this.where[slot];
    const len = this.whereLen[slot];
    if (!list) {
      list = new Int32Array(4);
      this.where[slot] = list;
    } else if (len === list.length) {
      const bigger = new Int32Array(len * 2);
      bigger.set(list);
      list = bigger;
      this.where[slot] = list;
    }
    list[len] = word;
    this.whereLen[slot] = len + 1;
  }

  /** Free a slot's word list (after it was merged). */
  dropWhere(slot: number): void {
    this.where[slot] = null;
    this.whereLen[slot] = 0;
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
    this.whereLen = grow(this.whereLen, (k) => new Int32Array(k));
    this.lastWord = grow(this.lastWord, (k) => new Int32Array(k), -1);
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
