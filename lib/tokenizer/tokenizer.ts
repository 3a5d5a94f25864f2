// A tiktoken-compatible tokenizer: mergeable ranks (rank = id) + special tokens + a split pattern.
// encodeOrdinary / encode follow tiktoken's semantics exactly (special text is an error unless
// allowed); decode returns bytes or text (invalid UTF-8 → U+FFFD, as tiktoken's errors="replace").
import { BytePairEncoder, type BpeOptions } from "./bpe";
import { patternInfo, type PatternInfo } from "./patterns";
import { pretokenizer, regexOf, SCANNER_DIGITS, type Pretokenizer } from "./pretokenize";
import { scanGpt4Family } from "./scanner";

export interface EncodeOptions {
  /** Specials encoded as their ids when they appear in text; default none. */
  allowedSpecial?: "all" | Iterable<string>;
  /** Specials whose appearance is an error; default "all" (every special not allowed). */
  disallowedSpecial?: "all" | Iterable<string>;
}

export interface TokenizerSpec {
  name: string;
  /** Bytes of each mergeable token; id = rank = index (dense). */
  tokens: Uint8Array[];
  /** Special token text → id (ids ≥ tokens.length). */
  specials: Record<string, number>;
  /** A pattern name (./patterns). */
  pattern: string;
  /** A pre-tokeniser used instead of the named pattern's (a tokenizer.json's Split sequence). */
  pretokenizer?: Pretokenizer;
  /** Unicode normalisation of ordinary text before splitting (a tokenizer.json's NFC normalizer). */
  normalize?: "NFC";
  /** Merge rules other than tiktoken's (./bpe BpeOptions); `holes` are ids held by specials. */
  bpe?: BpeOptions;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function specialRegex(names: string[]): RegExp {
  const sorted = [...names].sort((a, b) => b.length - a.length);
  return new RegExp(sorted.map(escapeRegex).join("|"), "g");
}

interface MaybeWellFormed {
  isWellFormed?: () => boolean;
  toWellFormed?: () => string;
}

/** Lone surrogates become U+FFFD before splitting, as tiktoken sees them (TextEncoder does this). */
function wellFormed(text: string): string {
  const t = text as unknown as MaybeWellFormed;
  if (t.isWellFormed && t.toWellFormed) return t.isWellFormed() ? text : t.toWellFormed();
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
}

export class Tokenizer {
  readonly name: string;
  readonly pattern: PatternInfo;
  readonly bpe: BytePairEncoder;
  readonly specials: ReadonlyMap<string, number>;
  /** Number of mergeable tokens (ids 0..nMergeable-1). */
  readonly nMergeable: number;
  /** max id + 1 (tiktoken's n_vocab). */
  readonly nVocab: number;
  private readonly pre: Pretokenizer;
  private readonly re: RegExp | null;
  /** The same pattern, sticky: `test` advances lastIndex without allocating a match array. */
  private readonly sticky: RegExp | null;
  /** Max digits per number pre-token when the hand-written scanner applies, else 0. */
  private readonly scanDigits: number;
  private readonly specialById = new Map<number, Uint8Array>();
  private readonly nfc: boolean;
  private readonly specialRegexCache = new Map<string, RegExp>();

  constructor(spec: TokenizerSpec) {
    this.name = spec.name;
    this.pattern = spec.pretokenizer?.info ?? patternInfo(spec.pattern);
    this.bpe = new BytePairEncoder(spec.tokens, spec.bpe);
    this.nfc = spec.normalize === "NFC";
    this.nMergeable = spec.tokens.length;
    const specials = new Map<string, number>();
    let maxId = this.nMergeable - 1;
    const enc = new TextEncoder();
    for (const [text, id] of Object.entries(spec.specials)) {
      const hole = spec.bpe?.holes === true && Number.isInteger(id) && id >= 0 && id < this.nMergeable && spec.tokens[id].length === 0;
      if (!Number.isInteger(id) || (id < this.nMergeable && !hole)) throw new Error(`special token ${text}: id ${id} collides with a mergeable token (< ${this.nMergeable})`);
      if (this.specialById.has(id)) throw new Error(`special token ${text}: id ${id} is used twice`);
      specials.set(text, id);
      this.specialById.set(id, enc.encode(text));
      maxId = Math.max(maxId, id);
    }
    this.specials = specials;
    this.nVocab = maxId + 1;
    if (spec.bpe?.holes)
      for (let id = 0; id < this.nMergeable; id++)
        if (spec.tokens[id].length === 0 && !this.specialById.has(id)) throw new Error(`token id ${id} of ${spec.name} has neither bytes nor a special token`);
    this.pre = spec.pretokenizer ?? pretokenizer(spec.pattern);
    this.re = regexOf(this.pre);
    this.sticky = this.re ? new RegExp(this.re.source, "yv") : null;
    this.scanDigits = spec.pretokenizer ? 0 : SCANNER_DIGITS[this.pattern.name] ?? 0;
  }

  /** Encode text as plain text: special-token text is encoded like any other text. */
  encodeOrdinary(text: string): number[] {
    const out: number[] = [];
    this.encodeOrdinaryInto(wellFormed(text), out);
    return out;
  }

  private encodeOrdinaryInto(text: string, out: number[]): void {
    if (this.nfc) text = text.normalize("NFC");
    const bpe = this.bpe;
    const re = this.re;
    const sticky = this.sticky;
    if (this.scanDigits > 0) {
      scanGpt4Family(text, this.scanDigits, (s, e) => bpe.encodePiece(text.slice(s, e), out));
    } else if (re && sticky) {
      // The split patterns match at every position, so a sticky test walks the text piece by piece.
      // Where one does not match, fall back to a search (text between matches is skipped, as in tiktoken).
      let pos = 0;
      const n = text.length;
      while (pos < n) {
        sticky.lastIndex = pos;
        if (sticky.test(text)) {
          const end = sticky.lastIndex;
          if (end === pos) {
            pos++; // empty match: tiktoken's find_iter moves on
            continue;
          }
          bpe.encodePiece(text.slice(pos, end), out);
          pos = end;
        } else {
          re.lastIndex = pos;
          const m = re.exec(text);
          if (m === null) break;
          if (m[0].length === 0) {
            pos = m.index + 1;
            continue;
          }
          bpe.encodePiece(m[0], out);
          pos = m.index + m[0].length;
        }
      }
    } else this.pre.forEach(text, (piece) => bpe.encodePiece(piece, out));
  }

  /** tiktoken's encode: allowed specials become their ids; a disallowed special in the text is an error. */
  encode(text: string, opts: EncodeOptions = {}): number[] {
    text = wellFormed(text);
    const all = [...this.specials.keys()];
    const allowed = new Set(opts.allowedSpecial === "all" ? all : opts.allowedSpecial ?? []);
    for (const s of allowed) if (!this.specials.has(s)) throw new Error(`allowedSpecial: '${s}' is not a special token of ${this.name}`);
    const disallowed = opts.disallowedSpecial === undefined || opts.disallowedSpecial === "all" ? all.filter((s) => !allowed.has(s)) : [...opts.disallowedSpecial];
    if (disallowed.length > 0) {
      const re = this.regexFor(disallowed);
      re.lastIndex = 0;
      const m = re.exec(text);
      if (m)
        throw new Error(
          `text contains the special token '${m[0]}' at character offset ${m.index}; it is disallowed ` +
            `(allow it with allowedSpecial to get its id, or use encodeOrdinary to encode it as text)`,
        );
    }
    const out: number[] = [];
    if (allowed.size === 0) {
      this.encodeOrdinaryInto(text, out);
      return out;
    }
    const re = this.regexFor([...allowed]);
    re.lastIndex = 0;
    let start = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      if (m.index > start) this.encodeOrdinaryInto(text.slice(start, m.index), out);
      out.push(this.specials.get(m[0])!);
      start = m.index + m[0].length;
    }
    if (start < text.length) this.encodeOrdinaryInto(text.slice(start), out);
    return out;
  }

  encodeBatch(texts: string[], opts?: EncodeOptions): number[][] {
    return texts.map((t) => this.encode(t, opts));
  }

  encodeOrdinaryBatch(texts: string[]): number[][] {
    return texts.map((t) => this.encodeOrdinary(t));
  }

  /** The id of one special token (by its text). */
  specialId(text: string): number {
    const id = this.specials.get(text);
    if (id === undefined) throw new Error(`'${text}' is not a special token of ${this.name}`);
    return id;
  }

  private regexFor(names: string[]): RegExp {
    const key = names.join("\u0000");
    let re = this.specialRegexCache.get(key);
    if (!re) {
      re = specialRegex(names);
      this.specialRegexCache.set(key, re);
    }
    return re;
  }

  /** The bytes of one token (a special's UTF-8 text for specials). */
  tokenToBytes(id: number): Uint8Array {
    const s = this.specialById.get(id);
    if (s) return s;
    if (Number.isInteger(id) && id >= 0 && id < this.nMergeable) return this.bpe.tokens[id];
    throw new Error(
      Number.isInteger(id) && id >= 0 && id < this.nVocab
        ? `token id ${id} is not a token of ${this.name} (a gap between special ids)`
        : `token id ${id} is out of range [0, ${this.nVocab}) for ${this.name}`,
    );
  }

  decodeBytes(ids: ArrayLike<number>): Uint8Array {
    let n = 0;
    const parts: Uint8Array[] = new Array(ids.length);
    for (let i = 0; i < ids.length; i++) {
      const b = this.tokenToBytes(ids[i]);
      parts[i] = b;
      n += b.length;
    }
    const out = new Uint8Array(n);
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }

  /** Decode to text; bytes that are not valid UTF-8 become U+FFFD. */
  decode(ids: ArrayLike<number>): string {
    return new TextDecoder("utf-8", { ignoreBOM: true }).decode(this.decodeBytes(ids));
  }

  /** A streaming decoder: push ids as they come; a UTF-8 sequence split across tokens is held back until complete. */
  decoder(): StreamDecoder {
    return new StreamDecoder(this);
  }

  /** Per id, the token's byte length; 0 for specials (nanochat HEAD token_bytes, reference §3). */
  tokenBytes(): Int32Array {
    const out = new Int32Array(this.nVocab);
    for (let id = 0; id < this.nMergeable; id++) out[id] = this.bpe.tokens[id].length;
    return out;
  }

  /** Mergeable token bytes by id (rank = id). */
  mergeableTokens(): Uint8Array[] {
    return this.bpe.tokens;
  }
}

export class StreamDecoder {
  private td = new TextDecoder("utf-8", { ignoreBOM: true });
  constructor(private tok: Tokenizer) {}
  /** Text completed by these ids (may be empty while a multi-byte character is incomplete). */
  push(ids: ArrayLike<number> | number): string {
    const list = typeof ids === "number" ? [ids] : ids;
    return this.td.decode(this.tok.decodeBytes(list), { stream: true });
  }
  /** Any held-back incomplete sequence, as U+FFFD. */
  flush(): string {
    return this.td.decode();
  }
}
