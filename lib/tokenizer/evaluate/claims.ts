// The guide's tokenizer numbers as data (guide §2.1, §2.2, §2.3, §3.2, §3.3, §4.1–§4.4), each beside
// what a tokenizer measures, in both units: the guide says "chars/token" everywhere, but nanochat's
// tok_eval reports UTF-8 bytes per token (errata item 6), and a Chinese character is ~3 bytes. A claim
// that fails in characters and holds in bytes is most likely a bytes figure labelled as characters.
import type { HanCoverage } from "./coverage";
import type { NamedTokenizer, Pooled } from "./compare";
import { countCodePoints } from "./textStats";

/** Which tokenizer a claim is about. */
export type ClaimSubject = "english" | "ours" | "multilingual";

export type GuideClaim =
  | {
      kind: "rate";
      section: string;
      quote: string;
      subject: ClaimSubject;
      /** the text the figure is about: pooled Chinese, English, or a mix by characters */
      pool: "zh" | "en" | "mix50" | "mix70";
      low: number;
      high: number;
      /** the vocabulary the guide has in mind (ours: the nearest trained one is used) */
      vocabSize?: number;
    }
  | { kind: "example"; section: string; quote: string; text: string; tokens: number; charsPerToken: number }
  | { kind: "coverage"; section: string; quote: string; subject: ClaimSubject; low: number; high: number }
  | { kind: "vocab-drop"; section: string; quote: string; pool: "zh" | "mix50"; fromVocab: number; toVocab: number; from: number; to: number };

/** A single figure is checked as a range of ±5%. */
const about = (x: number): [number, number] => [x * 0.95, x * 1.05];

export const GUIDE_CLAIMS: readonly GuideClaim[] = [
  { kind: "rate", section: "§2.1", quote: "English (FineWeb-Edu) chars_per_token = 4.8", subject: "english", pool: "en", low: about(4.8)[0], high: about(4.8)[1] },
  { kind: "example", section: "§2.1", quote: '"Hello, world!" → 4 tokens ≈ 3.25 chars/token', text: "Hello, world!", tokens: 4, charsPerToken: 3.25 },
  { kind: "rate", section: "§2.1", quote: "Chinese (pure Chinese corpus) chars_per_token = 1.5–2.0 (English tokenizer)", subject: "english", pool: "zh", low: 1.5, high: 2.0 },
  { kind: "example", section: "§2.1", quote: '"你好，世界！" → 5 tokens ≈ 1.2 chars/token', text: "你好，世界！", tokens: 5, charsPerToken: 1.2 },
  { kind: "rate", section: "§2.1", quote: "Mixed Chinese-English (50/50) chars_per_token = 2.5–3.5", subject: "english", pool: "mix50", low: 2.5, high: 3.5 },
  { kind: "example", section: "§2.1", quote: '"Hello世界" → 3 tokens ≈ 3.3 chars/token (errata 7)', text: "Hello世界", tokens: 3, charsPerToken: 3.3 },
  { kind: "coverage", section: "§2.2", quote: "Chinese with the same (English, 65,536) tokenizer: coverage ≈ 80–90%", subject: "english", low: 0.8, high: 0.9 },
  { kind: "rate", section: "§2.3", quote: "English tokenizer + Chinese data: 1.5–2.0", subject: "english", pool: "zh", low: 1.5, high: 2.0 },
  { kind: "rate", section: "§2.3", quote: "Chinese tokenizer + Chinese data: 2.5–3.0", subject: "ours", pool: "zh", low: 2.5, high: 3.0 },
  { kind: "rate", section: "§2.3", quote: "Chinese-English mixed tokenizer + mixed data: 3.0–3.5", subject: "ours", pool: "mix50", low: 3.0, high: 3.5 },
  { kind: "rate", section: "§2.3", quote: "Multilingual tokenizer (e.g. sentencepiece): 2.0–3.0", subject: "multilingual", pool: "zh", low: 2.0, high: 3.0 },
  { kind: "rate", section: "§3.2", quote: "after retraining (vocab 65,536): chars_per_token = 2.8–3.2 (mixed Chinese-English)", subject: "ours", pool: "mix70", low: 2.8, high: 3.2, vocabSize: 65_536 },
  { kind: "rate", section: "§3.2", quote: "tok_eval: Chinese chars/token expected 2.5–3.0", subject: "ours", pool: "zh", low: 2.5, high: 3.0, vocabSize: 65_536 },
  { kind: "rate", section: "§3.2", quote: "tok_eval: English chars/token expected 4.5–5.0", subject: "ours", pool: "en", low: 4.5, high: 5.0, vocabSize: 65_536 },
  { kind: "rate", section: "§3.2", quote: "tok_eval: Mixed chars/token expected 3.0–3.5", subject: "ours", pool: "mix50", low: 3.0, high: 3.5, vocabSize: 65_536 },
  { kind: "vocab-drop", section: "§3.3", quote: "vocab 65,536 → 32,768: chars_per_token may drop from 3.0 to 2.8", pool: "mix50", fromVocab: 65_536, toVocab: 32_768, from: 3.0, to: 2.8 },
  { kind: "rate", section: "§4.1", quote: "Chinese tokenizer, vocab 40,000: chars_per_token expected 2.5–3.0 (plan uses 2.8)", subject: "ours", pool: "zh", low: 2.5, high: 3.0, vocabSize: 40_000 },
  { kind: "rate", section: "§4.2", quote: "vocab 50,000: Chinese chars/token 2.8–3.2", subject: "ours", pool: "zh", low: 2.8, high: 3.2, vocabSize: 50_000 },
  { kind: "rate", section: "§4.2", quote: "vocab 50,000: English chars/token 4.5–5.0", subject: "ours", pool: "en", low: 4.5, high: 5.0, vocabSize: 50_000 },
  { kind: "rate", section: "§4.2", quote: "vocab 50,000: Mixed chars/token 3.5–3.8 (errata 12: §4.4 says 3.0–3.5)", subject: "ours", pool: "mix50", low: 3.5, high: 3.8, vocabSize: 50_000 },
  { kind: "rate", section: "§4.3", quote: "vocab 30,000: chars_per_token = 2.5", subject: "ours", pool: "zh", low: about(2.5)[0], high: about(2.5)[1], vocabSize: 30_000 },
  { kind: "rate", section: "§4.4", quote: "English corpus: chars_per_token 4.8", subject: "english", pool: "en", low: about(4.8)[0], high: about(4.8)[1] },
  { kind: "rate", section: "§4.4", quote: "Chinese corpus: chars_per_token 1.8–2.5", subject: "ours", pool: "zh", low: 1.8, high: 2.5, vocabSize: 40_000 },
  { kind: "rate", section: "§4.4", quote: "Chinese-English mix (50/50): chars_per_token 3.0–3.5", subject: "ours", pool: "mix50", low: 3.0, high: 3.5, vocabSize: 50_000 },
];

export interface ClaimRow {
  section: string;
  claim: string;
  claimed: string;
  tokenizer: string;
  chars_per_token: number | null;
  bytes_per_token: number | null;
  /** the claim read as characters per token */
  in_chars: string;
  /** the same figure read as UTF-8 bytes per token */
  in_bytes: string;
  note: string;
}

/** "✓" inside [low, high], else how far below or above. */
export function verdict(value: number, low: number, high: number): string {
  if (value >= low && value <= high) return "✓ agrees";
  return value < low ? `✗ below (${((100 * value) / low).toFixed(0)}% of ${fmt(low)})` : `✗ above (${((100 * value) / high).toFixed(0)}% of ${fmt(high)})`;
}

function fmt(x: number): string {
  return String(Number(x.toFixed(2)));
}

function range(low: number, high: number): string {
  return Math.abs(high / low - 1.05 / 0.95) < 1e-9 ? `≈${fmt((low + high) / 2)}` : `${fmt(low)}–${fmt(high)}`;
}

export interface ClaimInputs {
  /** pooled values per tokenizer label (poolMeasurements) */
  pooled: readonly Pooled[];
  /** the English-centric tokenizers (e.g. gpt2, cl100k_base) */
  english: readonly NamedTokenizer[];
  /** the multilingual stand-in (o200k_base) */
  multilingual: readonly NamedTokenizer[];
  /** ours, one per trained vocabulary size (one pre-tokenisation) */
  ours: readonly (NamedTokenizer & { vocabSize: number })[];
  /** Han coverage per tokenizer label */
  coverage: readonly HanCoverage[];
}

/** The nearest trained vocabulary to `want` (ties to the larger). */
export function nearestVocab<T extends { vocabSize: number }>(list: readonly T[], want: number): T | undefined {
  return [...list].sort((a, b) => Math.abs(a.vocabSize - want) - Math.abs(b.vocabSize - want) || b.vocabSize - a.vocabSize)[0];
}

/** Each claim beside the measured values (one row per claim and tokenizer). */
export function checkClaims(claims: readonly GuideClaim[], input: ClaimInputs): ClaimRow[] {
  const rows: ClaimRow[] = [];
  const pooled = (label: string, pool: string) => input.pooled.find((p) => p.label === label && p.pool === pool);
  const subjects = (s: ClaimSubject, vocab?: number): NamedTokenizer[] => {
    if (s === "english") return [...input.english];
    if (s === "multilingual") return [...input.multilingual];
    if (vocab === undefined) return [...input.ours];
    const t = nearestVocab(input.ours, vocab);
    return t ? [t] : [];
  };
  for (const c of claims) {
    if (c.kind === "rate") {
      for (const t of subjects(c.subject, c.vocabSize)) {
        const p = pooled(t.label, c.pool);
        if (!p) continue;
        const ours = input.ours.find((o) => o.label === t.label);
        rows.push({
          section: c.section,
          claim: c.quote,
          claimed: `${range(c.low, c.high)} (${c.pool})`,
          tokenizer: t.label,
          chars_per_token: p.charsPerToken,
          bytes_per_token: p.bytesPerToken,
          in_chars: verdict(p.charsPerToken, c.low, c.high),
          in_bytes: verdict(p.bytesPerToken, c.low, c.high),
          note: ours && c.vocabSize && ours.vocabSize !== c.vocabSize ? `nearest trained vocab ${ours.vocabSize.toLocaleString("en-US")} for the guide's ${c.vocabSize.toLocaleString("en-US")}` : "",
        });
      }
    } else if (c.kind === "example") {
      const chars = countCodePoints(c.text);
      const bytes = Buffer.byteLength(c.text, "utf8");
      const arithmetic = chars / c.tokens;
      const arithmeticOk = Math.abs(arithmetic - c.charsPerToken) < 0.05;
      for (const t of [...input.english, ...input.multilingual, ...input.ours.slice(-1)]) {
        const n = t.tokenizer.encodeOrdinary(c.text).length;
        rows.push({
          section: c.section,
          claim: c.quote,
          claimed: `${c.tokens} tokens, ${c.charsPerToken} chars/token`,
          tokenizer: `${t.label}: ${n} tokens`,
          chars_per_token: chars / n,
          bytes_per_token: bytes / n,
          in_chars: n === c.tokens ? "✓ same token count" : `✗ ${n} tokens, not ${c.tokens}`,
          in_bytes: "—",
          note: `${chars} chars, ${bytes} bytes; guide's arithmetic ${chars}/${c.tokens} = ${arithmetic.toFixed(2)}${arithmeticOk ? " ✓" : ` ✗ (not ${c.charsPerToken})`}`,
        });
      }
    } else if (c.kind === "coverage") {
      for (const t of subjects(c.subject)) {
        const cov = input.coverage.find((x) => x.tokenizer === t.tokenizer.name);
        if (!cov) continue;
        rows.push({
          section: c.section,
          claim: c.quote,
          claimed: `${fmt(c.low * 100)}–${fmt(c.high * 100)}% of characters`,
          tokenizer: t.label,
          chars_per_token: null,
          bytes_per_token: null,
          in_chars: `${cov.singleShare >= c.low && cov.singleShare <= c.high ? "✓ agrees" : cov.singleShare < c.low ? "✗ below" : "✗ above"}: ${(100 * cov.singleShare).toFixed(1)}% of the top ${cov.chars} are one token`,
          in_bytes: "—",
          note: `${(100 * cov.weightedShare).toFixed(1)}% of running text by frequency; ${cov.two} need 2 tokens, ${cov.threePlus} need 3+ (byte fallback)`,
        });
      }
    } else {
      const a = nearestVocab(input.ours, c.fromVocab);
      const b = nearestVocab(input.ours, c.toVocab);
      if (!a || !b || a === b) continue;
      const pa = pooled(a.label, c.pool);
      const pb = pooled(b.label, c.pool);
      if (!pa || !pb) continue;
      const claimedDrop = 1 - c.to / c.from;
      const drop = 1 - pb.charsPerToken / pa.charsPerToken;
      rows.push({
        section: c.section,
        claim: c.quote,
        claimed: `−${(100 * claimedDrop).toFixed(1)}% (${c.from} → ${c.to})`,
        tokenizer: `${a.label} → ${b.label}`,
        chars_per_token: pb.charsPerToken,
        bytes_per_token: pb.bytesPerToken,
        in_chars: `${Math.abs(drop - claimedDrop) <= 0.02 ? "✓ agrees" : "✗ differs"}: −${(100 * drop).toFixed(1)}% (${pa.charsPerToken.toFixed(2)} → ${pb.charsPerToken.toFixed(2)})`,
        in_bytes: `${pa.bytesPerToken.toFixed(2)} → ${pb.bytesPerToken.toFixed(2)} (same ratio)`,
        note: a.vocabSize !== c.fromVocab || b.vocabSize !== c.toVocab ? `trained vocabs ${a.vocabSize} → ${b.vocabSize} stand in` : "a relative change: the unit does not matter",
      });
    }
  }
  return rows;
}
