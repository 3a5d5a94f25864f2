// Open-addressing hash map (token id a, token id b) → merged token id, on typed arrays.
// For tiktoken-style ranks (rank = id) the merge of adjacent parts a, b is valid iff
// bytes(a)+bytes(b) is itself a token, and its rank is that token's id. Every such pair is a
// split of some token t into two tokens, so enumerating all splits of all tokens gives the
// complete table without ever building a string key at encode time.

export class PairTable {
  private keysA: Int32Array;
  private keysB: Int32Array;
  private vals: Int32Array;
  private mask: number;
  size = 0;

  constructor(expected: number) {
    let cap = 16;
    while (cap < expected * 2) cap <<= 1;
    this.keysA = new Int32Array(cap).fill(-1);
    this.keysB = new Int32Array(cap);
    this.vals = new Int32Array(cap);
    this.mask = cap - 1;
  }

  private static hash(a: number, b: number): number {
    return (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77)) >>> 0;
  }

  /** Set (a,b) → v unless already present (the first = lowest id wins, as tokens are added in rank order). */
  setIfAbsent(a: number, b: number, v: number): void {
    if (this.size * 2 >= this.mask) this.grow();
    let i = PairTable.hash(a, b) & this.mask;
    const ka = this.keysA;
    for (;;) {
      if (ka[i] === -1) {
        ka[i] = a;
        this.keysB[i] = b;
        this.vals[i] = v;
        this.size++;
        return;
      }
      if (ka[i] === a && this.keysB[i] === b) return;
      i = (i + 1) & this.mask;
    }
  }

  /** The merged id for (a,b), or -1. */
  get(a: number, b: number): number {
    let i = PairTable.hash(a, b) & this.mask;
    const ka = this.keysA;
    const kb = this.keysB;
    for (;;) {
      const x = ka[i];
      if (x === -1) return -1;
      if (x === a && kb[i] === b) return this.vals[i];
      i = (i + 1) & this.mask;
    }
  }

  private grow(): void {
    const oldA = this.keysA;
    const oldB = this.keysB;
    const oldV = this.vals;
    const cap = oldA.length * 2;
    this.keysA = new Int32Array(cap).fill(-1);
    this.keysB = new Int32Array(cap);
    this.vals = new Int32Array(cap);
    this.mask = cap - 1;
    this.size = 0;
    for (let i = 0; i < oldA.length; i++) if (oldA[i] !== -1) this.setIfAbsent(oldA[i], oldB[i], oldV[i]);
  }
}
