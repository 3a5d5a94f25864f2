// Open-addressing hash map (token id a, token id b) → merged token id, on one interleaved typed
// array ([a, b, value] per slot: one cache line per probe).
// For tiktoken-style ranks (rank = id) the merge of adjacent parts a, b is valid iff
// bytes(a)+bytes(b) is itself a token, and its rank is that token's id. Every such pair is a
// split of some token t into two tokens, so enumerating all splits of all tokens gives the
// complete table without ever building a string key at encode time.

export class PairTable {
  private slots: Int32Array;
  private mask: number;
  size = 0;

  constructor(expected: number) {
    let cap = 16;
    while (cap < expected * 2) cap <<= 1;
    this.slots = new Int32Array(cap * 4).fill(-1);
    this.mask = cap - 1;
  }

  private static hash(a: number, b: number): number {
    return (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77)) >>> 0;
  }

  /** Set (a,b) → v unless already present. */
  setIfAbsent(a: number, b: number, v: number): void {
    if (this.size * 2 >= this.mask) this.grow();
    const s = this.slots;
    let i = PairTable.hash(a, b) & this.mask;
    for (;;) {
      const k = i << 2;
      if (s[k] === -1) {
        s[k] = a;
        s[k + 1] = b;
        s[k + 2] = v;
        this.size++;
        return;
      }
      if (s[k] === a && s[k + 1] === b) return;
      i = (i + 1) & this.mask;
    }
  }

  /** The merged id for (a,b), or -1. */
  get(a: number, b: number): number {
    const s = this.slots;
    let i = PairTable.hash(a, b) & this.mask;
    for (;;) {
      const k = i << 2;
      const x = s[k];
      if (x === -1) return -1;
      if (x === a && s[k + 1] === b) return s[k + 2];
      i = (i + 1) & this.mask;
    }
  }

  private grow(): void {
    const old = this.slots;
    const cap = ((this.mask + 1) * 2) | 0;
    this.slots = new Int32Array(cap * 4).fill(-1);
    this.mask = cap - 1;
    this.size = 0;
    for (let k = 0; k < old.length; k += 4) if (old[k] !== -1) this.setIfAbsent(old[k], old[k + 1], old[k + 2]);
  }
}
