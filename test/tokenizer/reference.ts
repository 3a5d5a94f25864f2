// Plain reference twins for the fast paths (house rule: every fast path has one).
// Written for clarity, not speed: minbpe-style BPE training and tiktoken's merge loop, literally.

/** rustbpe's rule by brute force: recount every pair each merge, take max count, ties to min (left, right). */
export function referenceMerges(counts: Map<string, number>, numMerges: number): [number, number][] {
  const enc = new TextEncoder();
  const words = [...counts].map(([chunk, n]) => ({ ids: Array.from(enc.encode(chunk)), n }));
  const merges: [number, number][] = [];
  while (merges.length < numMerges) {
    const stats = new Map<string, number>();
    for (const w of words) for (let i = 0; i + 1 < w.ids.length; i++) {
      const k = `${w.ids[i]},${w.ids[i + 1]}`;
      stats.set(k, (stats.get(k) ?? 0) + w.n);
    }
    let best: [number, number] | null = null;
    let bestCount = 0;
    for (const [k, c] of stats) {
      const [a, b] = k.split(",").map(Number) as [number, number];
      if (c > bestCount || (c === bestCount && best !== null && (a < best[0] || (a === best[0] && b < best[1])))) {
        best = [a, b];
        bestCount = c;
      }
    }
    if (!best) break;
    const id = 256 + merges.length;
    merges.push(best);
    for (const w of words) {
      const out: number[] = [];
      for (let i = 0; i < w.ids.length; i++) {
        if (i + 1 < w.ids.length && w.ids[i] === best[0] && w.ids[i + 1] === best[1]) {
          out.push(id);
          i++;
        } else out.push(w.ids[i]);
      }
      w.ids = out;
    }
  }
  return merges;
}

/** tiktoken's _byte_pair_merge + whole-piece lookup, on byte-string keys. */
export function referenceEncodePiece(bytes: Uint8Array, rankOf: (key: string) => number | undefined): number[] {
  const key = (s: number, e: number): string => Array.from(bytes.subarray(s, e)).join(",");
  const whole = rankOf(key(0, bytes.length));
  if (whole !== undefined) return [whole];
  const bounds: number[] = [];
  for (let i = 0; i <= bytes.length; i++) bounds.push(i);
  for (;;) {
    let best = Infinity;
    let at = -1;
    for (let i = 0; i + 2 < bounds.length; i++) {
      const r = rankOf(key(bounds[i], bounds[i + 2]));
      if (r !== undefined && r < best) {
        best = r;
        at = i;
      }
    }
    if (at < 0) break;
    bounds.splice(at + 1, 1);
  }
  const out: number[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) out.push(rankOf(key(bounds[i], bounds[i + 1]))!);
  return out;
}
