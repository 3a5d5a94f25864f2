// Locality-sensitive hashing over MinHash signatures: b bands of r rows; two documents become
// candidates when all r values of some band agree. With Jaccard s the chance of that is
//   P(s) = 1 − (1 − s^r)^b,
// an S-curve whose midpoint is near (1/b)^(1/r). Bands and rows for a threshold t are chosen as in
// datasketch (`_optimal_param`): minimise 0.5·FP + 0.5·FN over b·r ≤ numPerm, where
//   FP = ∫₀ᵗ P(s) ds   (pairs below t that become candidates)
//   FN = ∫ₜ¹ 1 − P(s) ds (pairs above t that are missed).
// Candidates are then verified against the threshold with the signatures' estimated Jaccard.


// A module-local copy of hash.ts's fmix32: hot loops call it per character, and a call through
// an imported binding is not inlined under tsx's ESM loader (measured: most of the loop's time).
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

export interface BandsRows {
  bands: number;
  rows: number;
}

function integrate(f: (s: number) => number, lo: number, hi: number, steps = 200): number {
  if (hi <= lo) return 0;
  const h = (hi - lo) / steps;
  let sum = 0.5 * (f(lo) + f(hi));
  for (let i = 1; i < steps; i++) sum += f(lo + i * h);
  return sum * h;
}

/** Candidate probability of a pair with Jaccard `s` under `bands` × `rows`. */
export function candidateProbability(s: number, bands: number, rows: number): number {
  return 1 - Math.pow(1 - Math.pow(s, rows), bands);
}

const bandsRowsCache = new Map<string, BandsRows>();

/** Bands and rows for a Jaccard threshold (see the header formula); cached. */
export function optimalBandsRows(threshold: number, numPerm: number, fpWeight = 0.5, fnWeight = 0.5): BandsRows {
  if (!(threshold > 0 && threshold < 1)) throw new Error(`threshold must be in (0, 1), got ${threshold}`);
  const key = `${threshold}/${numPerm}/${fpWeight}/${fnWeight}`;
  const hit = bandsRowsCache.get(key);
  if (hit) return { ...hit };
  const best = searchBandsRows(threshold, numPerm, fpWeight, fnWeight);
  bandsRowsCache.set(key, best);
  return { ...best };
}

function searchBandsRows(threshold: number, numPerm: number, fpWeight: number, fnWeight: number): BandsRows {
  let best: BandsRows = { bands: 1, rows: numPerm };
  let bestErr = Infinity;
  for (let b = 1; b <= numPerm; b++) {
    const maxR = Math.floor(numPerm / b);
    for (let r = 1; r <= maxR; r++) {
      const fp = integrate((s) => candidateProbability(s, b, r), 0, threshold);
      const fn = integrate((s) => 1 - candidateProbability(s, b, r), threshold, 1);
      const err = fpWeight * fp + fnWeight * fn;
      if (err < bestErr) {
        bestErr = err;
        best = { bands: b, rows: r };
      }
    }
  }
  return best;
}

/** The LSH index: per band an open-addressing table from the band's 30-bit key to the newest id
 * with that key, and a per-band "next" array chaining the older ids — typed arrays only, about
 * 9 bytes × bands per document, no objects per key. */
export class LshIndex {
  readonly bands: number;
  readonly rows: number;
  private keys: Int32Array[];
  private heads: Int32Array[];
  private next: Int32Array[];
  private mask = 1023;
  size = 0;
  private readonly bandKeys: Int32Array;

  constructor(bandsRows: BandsRows) {
    this.bands = bandsRows.bands;
    this.rows = bandsRows.rows;
    this.keys = Array.from({ length: this.bands }, () => new Int32Array(1024));
    this.heads = Array.from({ length: this.bands }, () => new Int32Array(1024).fill(-1));
    this.next = Array.from({ length: this.bands }, () => new Int32Array(1024));
    this.bandKeys = new Int32Array(this.bands);
  }

  private bandKey(sig: Uint32Array, band: number): number {
    let h = Math.imul(band + 1, 0x9e3779b1);
    const start = band * this.rows;
    for (let i = start; i < start + this.rows; i++) h = Math.imul(h ^ sig[i], 0x01000193) ^ (h >>> 13);
    return fmix(h) & 0x3fffffff;
  }

  /** Slot of `key` in band `b`'s table: where it is, or the empty slot where it would go. */
  private slot(b: number, key: number): number {
    const keys = this.keys[b];
    const heads = this.heads[b];
    let s = fmix(key) & this.mask;
    while (heads[s] >= 0 && keys[s] !== key) s = (s + 1) & this.mask;
    return s;
  }

  /** Ids sharing at least one band with `sig` (each once). */
  query(sig: Uint32Array): number[] {
    const out: number[] = [];
    for (let b = 0; b < this.bands; b++) {
      const key = this.bandKey(sig, b);
      this.bandKeys[b] = key;
      const next = this.next[b];
      for (let id = this.heads[b][this.slot(b, key)]; id >= 0; id = next[id]) if (!out.includes(id)) out.push(id);
    }
    return out;
  }

  /** Add `id` (0, 1, 2, … in order) with signature `sig`. `sameAsLastQuery`: `sig` is the one
   * just passed to `query`, whose band keys are reused. */
  insert(id: number, sig: Uint32Array, sameAsLastQuery = false): void {
    if (id !== this.size) throw new Error(`LshIndex ids must be inserted in order: expected ${this.size}, got ${id}`);
    if ((this.size + 1) * 2 > this.mask + 1) this.grow();
    if (id >= this.next[0].length) for (let b = 0; b < this.bands; b++) this.next[b] = growArray(this.next[b], id + 1);
    for (let b = 0; b < this.bands; b++) {
      const key = sameAsLastQuery ? this.bandKeys[b] : this.bandKey(sig, b);
      const s = this.slot(b, key);
      this.next[b][id] = this.heads[b][s];
      this.keys[b][s] = key;
      this.heads[b][s] = id;
    }
    this.size++;
  }

  private grow(): void {
    const size = (this.mask + 1) * 2;
    const oldKeys = this.keys;
    const oldHeads = this.heads;
    this.mask = size - 1;
    this.keys = oldKeys.map(() => new Int32Array(size));
    this.heads = oldHeads.map(() => new Int32Array(size).fill(-1));
    for (let b = 0; b < this.bands; b++) {
      const ok = oldKeys[b];
      const oh = oldHeads[b];
      for (let i = 0; i < oh.length; i++) {
        if (oh[i] < 0) continue;
        const s = this.slot(b, ok[i]);
        this.keys[b][s] = ok[i];
        this.heads[b][s] = oh[i];
      }
    }
  }
}

function growArray(a: Int32Array, need: number): Int32Array {
  let n = a.length;
  while (n < need) n *= 2;
  const out = new Int32Array(n);
  out.set(a);
  return out;
}
