// Locality-sensitive hashing over MinHash signatures: b bands of r rows; two documents become
// candidates when all r values of some band agree. With Jaccard s the chance of that is
//   P(s) = 1 − (1 − s^r)^b,
// an S-curve whose midpoint is near (1/b)^(1/r). Bands and rows for a threshold t are chosen as in
// datasketch (`_optimal_param`): minimise 0.5·FP + 0.5·FN over b·r ≤ numPerm, where
//   FP = ∫₀ᵗ P(s) ds   (pairs below t that become candidates)
//   FN = ∫ₜ¹ 1 − P(s) ds (pairs above t that are missed).
// Candidates are then verified against the threshold with the signatures' estimated Jaccard.
import { fmix32 } from "./hash";

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

/** The LSH index: per band a map from the band's 32-bit key to the ids that have it. Memory is the
 * maps only (b numbers per document). */
export class LshIndex {
  readonly bands: number;
  readonly rows: number;
  private readonly tables: Map<number, number | number[]>[];
  size = 0;

  constructor(bandsRows: BandsRows) {
    this.bands = bandsRows.bands;
    this.rows = bandsRows.rows;
    this.tables = Array.from({ length: this.bands }, () => new Map<number, number | number[]>());
  }

  private bandKey(sig: Uint32Array, band: number): number {
    let h = Math.imul(band + 1, 0x9e3779b1);
    const start = band * this.rows;
    for (let i = start; i < start + this.rows; i++) h = Math.imul(h ^ sig[i], 0x01000193) ^ (h >>> 13);
    return fmix32(h);
  }

  /** Ids sharing at least one band with `sig` (each once). */
  query(sig: Uint32Array): number[] {
    const out: number[] = [];
    for (let band = 0; band < this.bands; band++) {
      const hit = this.tables[band].get(this.bandKey(sig, band));
      if (hit === undefined) continue;
      if (typeof hit === "number") {
        if (!out.includes(hit)) out.push(hit);
      } else for (const id of hit) if (!out.includes(id)) out.push(id);
    }
    return out;
  }

  insert(id: number, sig: Uint32Array): void {
    for (let band = 0; band < this.bands; band++) {
      const t = this.tables[band];
      const key = this.bandKey(sig, band);
      const hit = t.get(key);
      if (hit === undefined) t.set(key, id);
      else if (typeof hit === "number") t.set(key, [hit, id]);
      else hit.push(id);
    }
    this.size++;
  }
}
