// Seeded randomness for shuffles and sampling: mulberry32, with per-stream seeds derived by name,
// so each source's sampling does not depend on how many draws another source made.

export type Rng = () => number;

/** Uniform [0, 1) from a 32-bit seed (mulberry32). */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit seed from a base seed and a label (FNV-1a over the label, mixed with the seed). */
export function deriveSeed(seed: number, label: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * A streaming shuffle: hold up to `size` items, emit a random held item for each new one, and drain
 * the rest in random order at the end. Items further apart than `size` keep their rough order.
 */
export class ShuffleBuffer<T> {
  private items: T[] = [];
  constructor(private readonly size: number, private readonly rng: Rng) {}
  /** Add an item; returns an item to emit once the buffer is full. */
  push(item: T): T | undefined {
    if (this.items.length < this.size) {
      this.items.push(item);
      return undefined;
    }
    const j = Math.floor(this.rng() * this.items.length);
    const out = this.items[j];
    this.items[j] = item;
    return out;
  }
  /** The held items in random order (Fisher–Yates). */
  drain(): T[] {
    const a = this.items;
    this.items = [];
    return shuffleInPlace(a, this.rng);
  }
}

/** Fisher–Yates shuffle of `a` in place; returns `a`. */
export function shuffleInPlace<T>(a: T[], rng: Rng): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a;
}
