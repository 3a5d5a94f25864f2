// Exact Jaccard similarity over the same character shingles that MinHasher hashes: UTF-16 code
// units with whitespace dropped and ASCII letters lowercased, every run of `ngram` units; a text
// shorter than `ngram` is one shingle. Shown beside MinHash's estimate for near-duplicate pairs.

const SPACE_RE = /[ \n\t\r\u3000\u00a0\u000b\u000c]/g;

/** The set of `ngram`-character shingles of `text` (as strings). */
export function shingleSet(text: string, ngram = 5): Set<string> {
  const s = text.replace(SPACE_RE, "").replace(/[A-Z]/g, (c) => c.toLowerCase());
  const out = new Set<string>();
  if (s.length === 0) return out;
  if (s.length <= ngram) return out.add(s);
  for (let i = 0; i + ngram <= s.length; i++) out.add(s.slice(i, i + ngram));
  return out;
}

/** |A ∩ B| / |A ∪ B| of two shingle sets (1 for two empty sets). */
export function jaccardOfSets(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let inter = 0;
  for (const x of small) if (large.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

/** Exact Jaccard of the character `ngram`-shingles of two texts (MinHash estimates this). */
export function shingleJaccard(a: string, b: string, ngram = 5): number {
  return jaccardOfSets(shingleSet(a, ngram), shingleSet(b, ngram));
}
