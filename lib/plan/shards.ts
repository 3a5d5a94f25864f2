// Tokens → characters → UTF-8 bytes → nanochat shards.
// nanochat cuts its pretraining shards by CHARACTERS: 250,000,000 characters per parquet shard
// (guide §1.2/§1.3; nanochat-formats.md). Bytes are tracked beside characters because a Chinese
// character is 3 UTF-8 bytes (CJK Unified Ideographs, full-width punctuation) and an ASCII one is 1:
// a Chinese shard holds about 3× the bytes of an English one (guide-errata.md item 6).
// Characters here are Unicode code points, not UTF-16 units.
//
// A language mixture's weights are fractions of the TRAINING TOKENS (the quantity the horizon fixes):
// tokens_lang = weight · tokens, chars_lang = tokens_lang · chars_per_token_lang. The CLI's
// `--mix zh=0.7:1.4,en=0.3:4.8` reads lang=weight:charsPerToken.
import { modelShape, padVocab, paramCount, tokensForRatio } from "../sizing";

export const CHARS_PER_SHARD = 250_000_000;
export const DEFAULT_MARGIN = 0.1;
/** nanochat's FineWeb-Edu shards: ≈100 MB of parquet for 250M English chars (≈250 MB of UTF-8), i.e. ≈0.4 of the UTF-8 bytes. */
export const PARQUET_BYTES_PER_UTF8_BYTE = 100e6 / 250e6;

/**
 * UTF-8 bytes per character by language, measured with measureDomains over ../shared/data (300 KB samples):
 * zh: Chinese Wikipedia (cmrc2018) 2.77, Lu Xun 2.95 → 2.85 (3-byte CJK and full-width punctuation,
 * some 1-byte ASCII digits and Latin); en: Gutenberg 1.000, C4 1.004 → 1.0.
 * Other languages default to 1; pass bytesPerChar for them.
 */
export const BYTES_PER_CHAR: Record<string, number> = { zh: 2.85, en: 1.0 };

export interface LangShare {
  lang: string;
  /** fraction of the training tokens */
  weight: number;
  charsPerToken: number;
  /** UTF-8 bytes per character; default BYTES_PER_CHAR[lang] ?? 1 */
  bytesPerChar?: number;
}

export interface ShardPlanInput {
  /** training tokens; or give depth (+ vocabSize, ratio) or params (+ ratio) */
  tokens?: number;
  depth?: number;
  vocabSize?: number;
  /** parameter count to use instead of the formula (e.g. a figure the guide prints) */
  params?: number;
  /** with depth: nanochat's vocabulary padding (lib/sizing NANOCHAT_VOCAB_MULTIPLE); absent: v1, unpadded */
  padVocabTo?: number;
  ratio?: number;
  /** one language: chars per token (and optional lang / bytesPerChar) */
  charsPerToken?: number;
  lang?: string;
  bytesPerChar?: number;
  /** several languages, weights by tokens, summing to 1 */
  mix?: LangShare[];
  margin?: number;
  charsPerShard?: number;
}

export interface LangPart {
  lang: string;
  weight: number;
  chars_per_token: number;
  bytes_per_char: number;
  tokens: number;
  chars: number;
  bytes: number;
  /** shards this language alone would need (with margin), were it sharded separately */
  shards_alone: number;
}

export interface ShardPlan {
  params: number | null;
  ratio: number | null;
  tokens: number;
  chars: number;
  bytes: number;
  /** effective chars per token of the mixture: chars / tokens */
  chars_per_token: number;
  margin: number;
  chars_with_margin: number;
  chars_per_shard: number;
  /** chars_with_margin / chars_per_shard before rounding up */
  shards_exact: number;
  shards: number;
  /** estimated parquet download: bytes · (1 + margin) · 0.4 (scales with bytes, not chars) */
  download_bytes: number;
  parts: LangPart[];
}

function positive(v: number | undefined, what: string): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v <= 0) throw new Error(`${what} must be a positive number, got ${String(v)}`);
  return v;
}

export function checkMix(mix: LangShare[]): void {
  if (!Array.isArray(mix) || mix.length === 0) throw new Error("mix must list at least one language");
  const seen = new Set<string>();
  for (const m of mix) {
    if (!m.lang) throw new Error("mix: each entry needs a lang");
    if (seen.has(m.lang)) throw new Error(`mix: language '${m.lang}' appears twice`);
    seen.add(m.lang);
    if (!(m.weight >= 0 && m.weight <= 1)) throw new Error(`mix ${m.lang}: weight must be in [0, 1], got ${m.weight}`);
    positive(m.charsPerToken, `mix ${m.lang}: chars per token`);
    if (m.bytesPerChar !== undefined) positive(m.bytesPerChar, `mix ${m.lang}: bytes per char`);
  }
  const sum = mix.reduce((a, m) => a + m.weight, 0);
  if (Math.abs(sum - 1) > 1e-6) throw new Error(`mix weights (by tokens) must sum to 1, got ${+sum.toFixed(6)}`);
}

/** Parse `zh=0.7:1.4,en=0.3:4.8` (lang=weight:charsPerToken[:bytesPerChar]). */
export function parseMix(text: string): LangShare[] {
  const mix = text.split(",").filter((s) => s.trim() !== "").map((item) => {
    const m = /^\s*([A-Za-z_-]+)\s*=\s*([^:]+):([^:]+)(?::([^:]+))?\s*$/.exec(item);
    if (!m) throw new Error(`mix entry '${item}' is not lang=weight:charsPerToken`);
    const num = (s: string, what: string) => {
      const v = Number(s);
      if (!Number.isFinite(v)) throw new Error(`mix entry '${item}': ${what} '${s}' is not a number`);
      return v;
    };
    const share: LangShare = { lang: m[1], weight: num(m[2], "weight"), charsPerToken: num(m[3], "chars per token") };
    if (m[4] !== undefined) share.bytesPerChar = num(m[4], "bytes per char");
    return share;
  });
  checkMix(mix);
  return mix;
}

export function planShards(input: ShardPlanInput): ShardPlan {
  const margin = input.margin ?? DEFAULT_MARGIN;
  if (!(typeof margin === "number" && margin >= 0 && Number.isFinite(margin))) throw new Error(`margin must be a fraction ≥ 0, got ${String(margin)}`);
  const charsPerShard = positive(input.charsPerShard ?? CHARS_PER_SHARD, "chars per shard");

  let tokens: number;
  let params: number | null = null;
  let ratio: number | null = null;
  if (input.tokens !== undefined) {
    if (input.depth !== undefined || input.params !== undefined) throw new Error("give tokens, or depth/params with a ratio, not both");
    tokens = positive(input.tokens, "tokens");
  } else if (input.params !== undefined || input.depth !== undefined) {
    params = input.params !== undefined ? positive(input.params, "params") : paramCount(padVocab(modelShape(input.depth as number, input.vocabSize), input.padVocabTo)).total;
    ratio = input.ratio ?? 20;
    tokens = tokensForRatio(params, ratio);
  } else {
    throw new Error("give tokens, or a depth (with vocab and ratio), or a parameter count");
  }

  let mix: LangShare[];
  if (input.mix) {
    if (input.charsPerToken !== undefined) throw new Error("give chars per token or a mix, not both");
    mix = input.mix;
  } else {
    mix = [{ lang: input.lang ?? "all", weight: 1, charsPerToken: positive(input.charsPerToken, "chars per token"), bytesPerChar: input.bytesPerChar }];
  }
  checkMix(mix);

  const parts: LangPart[] = mix.map((m) => {
    const bpc = m.bytesPerChar ?? BYTES_PER_CHAR[m.lang] ?? 1;
    const t = m.weight * tokens;
    const chars = t * m.charsPerToken;
    return {
      lang: m.lang,
      weight: m.weight,
      chars_per_token: m.charsPerToken,
      bytes_per_char: bpc,
      tokens: t,
      chars,
      bytes: chars * bpc,
      shards_alone: Math.ceil((chars * (1 + margin)) / charsPerShard),
    };
  });
  const chars = parts.reduce((a, p) => a + p.chars, 0);
  const bytes = parts.reduce((a, p) => a + p.bytes, 0);
  const charsWithMargin = chars * (1 + margin);
  const shardsExact = charsWithMargin / charsPerShard;
  return {
    params,
    ratio,
    tokens,
    chars,
    bytes,
    chars_per_token: chars / tokens,
    margin,
    chars_with_margin: charsWithMargin,
    chars_per_shard: charsPerShard,
    shards_exact: shardsExact,
    // 1e-9 guards against 14.000000000000002 from float products (guide §4.3: 3.5B / 250M = 14 exactly)
    shards: Math.ceil(shardsExact - 1e-9),
    download_bytes: bytes * (1 + margin) * PARQUET_BYTES_PER_UTF8_BYTE,
    parts,
  };
}
