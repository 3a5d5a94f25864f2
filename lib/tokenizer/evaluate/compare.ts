// Tokenizers × domains: the measurements, pooled per language, a 50/50 mix, and wide tables.
import type { Tokenizer } from "../tokenizer";
import type { DomainSample } from "./domains";
import { textStats, type TextStats } from "./textStats";

export interface NamedTokenizer {
  /** short label for tables (e.g. "cl100k_base", "ours nanochat 32768") */
  label: string;
  tokenizer: Tokenizer;
  /** "ours" (trained here) or "reference" (GPT-2, cl100k, o200k) */
  kind: "ours" | "reference";
}

export interface Measurement extends TextStats {
  label: string;
  kind: "ours" | "reference";
  domain: string;
  domainLabel: string;
  lang: string;
  pool: "zh" | "en" | null;
}

/** Every tokenizer on every domain sample. */
export function measureAll(tokenizers: readonly NamedTokenizer[], samples: readonly DomainSample[]): Measurement[] {
  const out: Measurement[] = [];
  for (const t of tokenizers)
    for (const s of samples)
      out.push({ ...textStats(t.tokenizer, s.texts), label: t.label, kind: t.kind, domain: s.domain.name, domainLabel: s.domain.label, lang: s.domain.lang, pool: s.domain.pool });
  return out;
}

export interface Pooled {
  label: string;
  /** "zh", "en", "mix50" (50/50 by characters) or "mix70" (70/30, the training mix) */
  pool: string;
  chars: number;
  bytes: number;
  tokens: number;
  charsPerToken: number;
  bytesPerToken: number;
  partialShare: number;
}

/**
 * Per tokenizer: Σ chars ÷ Σ tokens over the domains of each pool (zh = Simplified modern Chinese
 * prose domains, en = English), and "mix50": a text half Chinese, half English by characters, whose
 * chars/token is the harmonic mean 1 ÷ (½/zh + ½/en) of the pooled values (bytes likewise with
 * each pool's bytes/char).
 */
export function poolMeasurements(ms: readonly Measurement[]): Pooled[] {
  const labels = [...new Set(ms.map((m) => m.label))];
  const out: Pooled[] = [];
  for (const label of labels) {
    const byPool = new Map<string, Pooled>();
    for (const pool of ["zh", "en"] as const) {
      const list = ms.filter((m) => m.label === label && m.pool === pool);
      if (!list.length) continue;
      const chars = list.reduce((a, m) => a + m.chars, 0);
      const bytes = list.reduce((a, m) => a + m.bytes, 0);
      const tokens = list.reduce((a, m) => a + m.tokens, 0);
      const partial = list.reduce((a, m) => a + m.partialTokens, 0);
      const p = { label, pool, chars, bytes, tokens, charsPerToken: chars / tokens, bytesPerToken: bytes / tokens, partialShare: partial / tokens };
      byPool.set(pool, p);
      out.push(p);
    }
    const zh = byPool.get("zh");
    const en = byPool.get("en");
    if (zh && en) out.push(mixPooled(label, zh, en, 0.5), mixPooled(label, zh, en, 0.7));
  }
  return out;
}

/** A text with `zhShare` of its characters Chinese and the rest English, from pooled values. */
export function mixPooled(label: string, zh: Pooled, en: Pooled, zhShare: number): Pooled {
  const chars = 1e6;
  const zc = chars * zhShare;
  const ec = chars - zc;
  const tokens = zc / zh.charsPerToken + ec / en.charsPerToken;
  const bytes = zc * (zh.bytes / zh.chars) + ec * (en.bytes / en.chars);
  const partial = (zc / zh.charsPerToken) * zh.partialShare + (ec / en.charsPerToken) * en.partialShare;
  return { label, pool: zhShare === 0.5 ? "mix50" : `mix${Math.round(zhShare * 100)}`, chars, bytes, tokens, charsPerToken: chars / tokens, bytesPerToken: bytes / tokens, partialShare: partial / tokens };
}

/** One row per domain, one column per tokenizer, for one metric of the measurements. */
export function wideTable(ms: readonly Measurement[], metric: "charsPerToken" | "bytesPerToken" | "partialShare" | "vocabUsed"): Record<string, string | number>[] {
  const rows = new Map<string, Record<string, string | number>>();
  for (const m of ms) {
    let row = rows.get(m.domain);
    if (!row) {
      row = { domain: m.domainLabel, lang: m.lang, chars: m.chars, bytes_per_char: m.bytes / m.chars };
      rows.set(m.domain, row);
    }
    row[m.label] = m[metric];
  }
  return [...rows.values()];
}

/** Long table: one row per tokenizer × domain with every measured number. */
export function longTable(ms: readonly Measurement[]): Record<string, string | number>[] {
  return ms.map((m) => ({
    tokenizer: m.label,
    domain: m.domainLabel,
    lang: m.lang,
    texts: m.texts,
    chars: m.chars,
    utf8_bytes: m.bytes,
    tokens: m.tokens,
    chars_per_token: m.charsPerToken,
    bytes_per_token: m.bytesPerToken,
    partial_token_share: m.partialShare,
    distinct_ids: m.distinctIds,
    vocab_used: m.vocabUsed,
  }));
}
