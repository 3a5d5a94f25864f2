// How much of each source goes into a mixture. Weights are by characters: a source with weight 0.3
// supplies 30% of the train characters. Sources with less text than their share are repeated (up to
// `maxRepeat` epochs — a few epochs of repeated data cost little, Muennighoff et al. 2023); sources
// with more are subsampled. If a source cannot reach its share even repeated, the whole target shrinks
// so the weights still hold (preserveWeights, default) or that source falls short and the others keep theirs.

export interface MixSourceSpec {
  name: string;
  lang?: string;
  weight: number;
  format?: "txt" | "jsonl" | "csv" | "json" | "parquet";
  /** File, folder or glob (or several), relative to the repository root. */
  path: string | string[];
  /** lib/config's absolute form of `path`; used when present. */
  resolved_path?: string;
  field?: string;
}

export interface MixLangSpec {
  lang: string;
  weight: number;
  chars_per_token?: number;
}

/**
 * Effective weight per source by characters, normalised to sum 1: a source's `weight` is its share
 * of the corpus characters (lib/config: SourceEntry.weight). `data.mix` (weights by tokens) is the
 * planner's business — it sets how many characters to get, not how they split among the sources.
 */
export function effectiveWeights(sources: MixSourceSpec[]): number[] {
  if (sources.length === 0) throw new Error("data.sources is empty");
  for (const s of sources) if (!(typeof s.weight === "number" && s.weight >= 0)) throw new Error(`data.sources[${s.name}].weight must be ≥ 0, got ${s.weight}`);
  const total = sources.reduce((a, s) => a + s.weight, 0);
  if (!(total > 0)) throw new Error("source weights sum to 0");
  return sources.map((s) => s.weight / total);
}

export interface SourceQuota {
  name: string;
  weight: number;
  availableChars: number;
  availableDocs: number;
  /** Characters to take from this source. */
  quotaChars: number;
  /** quotaChars / availableChars: < 1 subsample, > 1 repeat. */
  rate: number;
  /** True when the source could not supply its share of the requested target. */
  exhausted: boolean;
}

export interface MixturePlan {
  requestedChars: number;
  /** Train characters after capping by what exists. */
  targetChars: number;
  /** The source that capped the target, if any. */
  limitedBy: string | null;
  sources: SourceQuota[];
}

export function planMixture(
  sources: { name: string; weight: number; availableChars: number; availableDocs: number }[],
  opts: { targetChars?: number; maxRepeat?: number; preserveWeights?: boolean } = {},
): MixturePlan {
  const maxRepeat = opts.maxRepeat ?? 4;
  if (!(maxRepeat > 0)) throw new Error(`maxRepeat must be > 0, got ${maxRepeat}`);
  const preserve = opts.preserveWeights ?? true;
  const live = sources.filter((s) => s.weight > 0);
  for (const s of live) if (s.availableChars <= 0) throw new Error(`source '${s.name}' has weight ${s.weight} but no text`);
  // With no target: the largest mixture that uses each source at most once.
  const requested = opts.targetChars ?? Math.min(...live.map((s) => s.availableChars / s.weight));
  if (!(requested > 0)) throw new Error(`targetChars must be > 0, got ${requested}`);
  let target = requested;
  let limitedBy: string | null = null;
  const cap = opts.targetChars === undefined ? 1 : maxRepeat;
  const most = (s: { availableChars: number; weight: number }) => (s.availableChars * cap) / s.weight;
  for (const s of live) {
    if (preserve && most(s) < target) {
      target = most(s);
      limitedBy = s.name;
    }
  }
  // Exhausted = used up to `cap` epochs and still short of the requested share: with preserveWeights only
  // the source(s) that capped the target (another source that is also short of the request but not of
  // the capped target is merely subsampled less, and is not exhausted).
  const exhausted = new Set(
    live.filter((s) => most(s) < requested * (1 - 1e-9) && (!preserve || most(s) <= target * (1 + 1e-9))).map((s) => s.name),
  );
  const quotas = sources.map((s) => {
    let q = s.weight * target;
    if (!preserve) q = Math.min(q, s.availableChars * cap);
    return {
      name: s.name,
      weight: s.weight,
      availableChars: s.availableChars,
      availableDocs: s.availableDocs,
      quotaChars: Math.floor(q),
      rate: s.availableChars > 0 ? q / s.availableChars : 0,
      exhausted: exhausted.has(s.name),
    };
  });
  if (!preserve) {
    target = quotas.reduce((a, q) => a + q.quotaChars, 0);
    limitedBy = exhausted.size ? [...exhausted].join(", ") : null;
  }
  return { requestedChars: requested, targetChars: Math.floor(target), limitedBy, sources: quotas };
}

/**
 * The sources with their weights rescaled so that each language's sources together weigh
 * `langShares[lang]` (shares of the corpus characters, normalised to sum 1), keeping the ratios
 * among one language's sources. A notebook's "zh 0.7 / en 0.3" knob over a config's source list.
 */
export function withLangShares<S extends MixSourceSpec>(sources: S[], langShares: Record<string, number>): S[] {
  const total = Object.values(langShares).reduce((a, b) => a + b, 0);
  if (!(total > 0)) throw new Error("language shares sum to 0");
  const byLang = new Map<string, number>();
  for (const s of sources) {
    if (s.lang === undefined) throw new Error(`data.sources[${s.name}]: no lang, cannot apply language shares`);
    if (!(s.lang in langShares)) throw new Error(`data.sources[${s.name}]: lang '${s.lang}' has no share (shares given: ${Object.keys(langShares).join(", ")})`);
    byLang.set(s.lang, (byLang.get(s.lang) ?? 0) + s.weight);
  }
  for (const lang of Object.keys(langShares)) if (langShares[lang] > 0 && !byLang.has(lang)) throw new Error(`language '${lang}' has a share but no source`);
  return sources.map((s) => {
    const langTotal = byLang.get(s.lang!)!;
    return { ...s, weight: langTotal > 0 ? ((langShares[s.lang!] / total) * s.weight) / langTotal : 0 };
  });
}

/**
 * Shares of the TOKENS that give `charShares` of the CHARACTERS, at each language's chars/token:
 * token share ∝ char share ÷ chars/token. A config's data.mix is by tokens (it sets how many characters
 * the plan asks for), a notebook's "70% Chinese" by characters; this puts the two on one footing.
 */
export function tokenSharesForCharShares(charShares: Record<string, number>, charsPerToken: Record<string, number>): Record<string, number> {
  const langs = Object.keys(charShares);
  for (const l of langs) {
    if (!(charShares[l] >= 0)) throw new Error(`character share of '${l}' must be ≥ 0, got ${charShares[l]}`);
    if (!(charsPerToken[l] > 0)) throw new Error(`chars_per_token of '${l}' must be > 0, got ${charsPerToken[l]}`);
  }
  const raw = langs.map((l) => charShares[l] / charsPerToken[l]);
  const total = raw.reduce((a, b) => a + b, 0);
  if (!(total > 0)) throw new Error("character shares sum to 0");
  return Object.fromEntries(langs.map((l, i) => [l, raw[i] / total]));
}
