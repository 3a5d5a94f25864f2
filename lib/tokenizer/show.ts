// See the tokens (the tiktokenizer page, OpenAI's tokenizer page): text cut into one span per token,
// one colour per token, its id on hover, and tokens that end inside a UTF-8 character marked.
// A character whose bytes straddle tokens is shown with the token holding its last byte; a token
// that completes no character shows its bytes in hex (‹E4 BD›). Spans' bytes concatenate to the
// encoded text's bytes (after the tokenizer's normalisation: Qwen3's NFC).
import type { Tokenizer } from "./tokenizer";

export interface TokenSpan {
  id: number;
  bytes: Uint8Array;
  /** The characters whose last byte is in this token (may be empty). */
  text: string;
  /** The token ends inside a UTF-8 character (its last byte is not a character's last byte). */
  partial: boolean;
}

/** Bytes a UTF-8 lead byte announces (1 for ASCII and, leniently, for stray continuation bytes). */
function seqLength(b: number): number {
  if (b >= 0xf0) return 4;
  if (b >= 0xe0) return 3;
  if (b >= 0xc0) return 2;
  return 1;
}

/** Cut a byte string at token boundaries into spans (the token list's bytes concatenated must be `bytes`). */
export function spansOf(pieces: { id: number; bytes: Uint8Array }[]): TokenSpan[] {
  const dec = new TextDecoder("utf-8", { ignoreBOM: true });
  const out: TokenSpan[] = [];
  let need = 0; // continuation bytes still owed by the current character
  let held: number[] = []; // bytes of a character begun in an earlier token
  for (const p of pieces) {
    const complete: number[] = [];
    for (const b of p.bytes) {
      if (need > 0 && (b & 0xc0) === 0x80) {
        held.push(b);
        if (--need === 0) {
          complete.push(...held);
          held = [];
        }
        continue;
      }
      if (held.length > 0) complete.push(...held); // a truncated sequence: show what there is
      held = [];
      need = seqLength(b) - 1;
      if (need === 0) complete.push(b);
      else held.push(b);
    }
    out.push({ id: p.id, bytes: p.bytes, text: dec.decode(new Uint8Array(complete)), partial: need > 0 });
  }
  if (held.length > 0 && out.length > 0) out[out.length - 1].text += dec.decode(new Uint8Array(held));
  return out;
}

/** The text's tokens as spans (ordinary text: special-token text is encoded as text). */
export function tokenSpans(tok: Tokenizer, text: string): TokenSpan[] {
  return spansOf(tok.encodeOrdinary(text).map((id) => ({ id, bytes: tok.tokenToBytes(id) })));
}

const hex = (bytes: Uint8Array): string => [...bytes].map((b) => b.toString(16).toUpperCase().padStart(2, "0")).join(" ");

/** What a span shows: its characters with whitespace made visible, or its bytes in hex. */
export function spanLabel(s: TokenSpan): string {
  if (s.text === "") return `‹${hex(s.bytes)}›`;
  return s.text.replace(/\n/g, "↵").replace(/\t/g, "→").replace(/\r/g, "␍");
}

/** Pastel backgrounds (HTML) and 256-colour ANSI backgrounds, cycled per token. */
const COLOURS = ["#ffd6a5", "#caffbf", "#9bf6ff", "#bdb2ff", "#ffc6ff", "#fdffb6", "#a0c4ff", "#ffadad"];
const ANSI = [223, 157, 159, 183, 225, 229, 153, 217];

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

export interface ShowRow {
  label: string;
  tokenizer: Tokenizer;
}

/** One block per sentence, one row per tokenizer: coloured spans, ids on hover (title), partial tokens underlined red. */
export function tokensHtml(rows: ShowRow[], sentences: string[]): string {
  const cell = "padding:2px 8px;vertical-align:top;text-align:left;border:none";
  const blocks = sentences.map((sentence) => {
    const trs = rows.map(({ label, tokenizer }) => {
      const spans = tokenSpans(tokenizer, sentence);
      const chars = [...sentence].length;
      const html = spans
        .map((s, i) => {
          const mark = s.partial ? ";border-bottom:3px solid #d00000" : "";
          const title = `id ${s.id} · ${s.bytes.length} byte${s.bytes.length === 1 ? "" : "s"} ${hex(s.bytes)}${s.partial ? " · ends inside a UTF-8 character" : ""}`;
          return `<span title="${escapeHtml(title)}" style="background:${COLOURS[i % COLOURS.length]};color:#000;padding:1px 0;margin-right:1px;border-radius:2px${mark}">${escapeHtml(spanLabel(s))}</span>`;
        })
        .join("");
      const stats = `${spans.length} tokens · ${(chars / Math.max(1, spans.length)).toFixed(2)} chars/token`;
      return `<tr><td style="${cell};white-space:nowrap;font-weight:600">${escapeHtml(label)}<br><span style="font-weight:400;color:#555;font-size:85%">${stats}</span></td><td style="${cell};white-space:pre-wrap;line-height:1.9;font-family:'Noto Sans CJK SC','Noto Sans SC','PingFang SC','Microsoft YaHei',sans-serif">${html}</td></tr>`;
    });
    return `<div style="margin:10px 0"><div style="color:#333;margin-bottom:4px">${escapeHtml(sentence)}</div><table style="border-collapse:collapse;margin:0">${trs.join("")}</table></div>`;
  });
  const legend = `<div style="color:#555;font-size:85%">One colour per token; hover for the id and bytes. <span style="border-bottom:3px solid #d00000">Red underline</span>: the token ends inside a UTF-8 character (its bytes are shown as ‹hex› when it completes none).</div>`;
  return `<div>${legend}${blocks.join("")}</div>`;
}

/** The same as text: ANSI background colours (a terminal), or tokens between `|` (piped, plain). */
export function tokensText(rows: ShowRow[], sentences: string[], opts: { colour: boolean }): string {
  const lines: string[] = [];
  for (const sentence of sentences) {
    lines.push(sentence.replace(/\n/g, "↵"));
    const width = Math.max(...rows.map((r) => r.label.length));
    for (const { label, tokenizer } of rows) {
      const spans = tokenSpans(tokenizer, sentence);
      const body = opts.colour
        ? spans.map((s, i) => `\x1b[48;5;${ANSI[i % ANSI.length]}m\x1b[30m${s.partial ? "\x1b[4m" : ""}${spanLabel(s)}\x1b[0m`).join("")
        : spans.map((s) => spanLabel(s) + (s.partial ? "…" : "")).join("|");
      lines.push(`  ${label.padEnd(width)} ${String(spans.length).padStart(4)} tok  ${body}`);
    }
    lines.push("");
  }
  if (!opts.colour) lines.push("(| between tokens; … after a token that ends inside a UTF-8 character; ‹hex› a token that completes no character)");
  return lines.join("\n");
}

/** The sentences the notebooks show: modern Chinese, classical, Traditional, mixed zh/en with digits and an emoji. */
export const SHOW_SENTENCES = [
  "人工智能正在改变我们的生活方式，也改变了我们学习语言的方法。",
  "学而时习之，不亦说乎？有朋自远方来，不亦乐乎？",
  "臺灣的繁體中文保留了許多傳統字形，例如「體」與「臺」。",
  "我在2024年用GPT-4o和Qwen3写了3,500行TypeScript代码 🚀 效率提高了42%！",
];

/** A standalone HTML page (UTF-8) around tokensHtml, for `tok show --html FILE` and screenshots. */
export function tokensHtmlPage(rows: ShowRow[], sentences: string[]): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>tokens</title></head><body style="font-family:sans-serif;margin:16px">${tokensHtml(rows, sentences)}</body></html>\n`;
}
