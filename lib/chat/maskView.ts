// The loss mask of one rendered conversation, token by token, for a reader: each token's text with
// whether the model is trained to produce it (mask 1: the assistant's words and <|assistant_end|>).
// A token that ends inside a multi-byte UTF-8 character shows the bytes it holds as \xNN.
import type { Tokenizer } from "../tokenizer/tokenizer";
import type { Rendered } from "./render";

export interface MaskedToken {
  /** position in the rendered sequence */
  pos: number;
  id: number;
  /** the token's text (special tokens by name; incomplete UTF-8 as \xNN) */
  text: string;
  special: boolean;
  /** 1 = trained on */
  mask: number;
}

function tokenText(tok: Tokenizer, id: number, specialNames: Map<number, string>): string {
  const name = specialNames.get(id);
  if (name !== undefined) return name;
  const bytes = tok.tokenToBytes(id);
  const s = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  if (!s.includes("\uFFFD")) return s;
  return [...bytes].map((b) => (b < 0x80 ? String.fromCharCode(b) : "\\x" + b.toString(16).padStart(2, "0"))).join("");
}

export function maskedTokens(tok: Tokenizer, r: Rendered): MaskedToken[] {
  const specialNames = new Map<number, string>();
  for (const [name, id] of tok.specials) specialNames.set(id, name);
  return r.ids.map((id, pos) => ({ pos, id, text: tokenText(tok, id, specialNames), special: specialNames.has(id), mask: r.mask[pos] }));
}

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const visible = (s: string) => s.replace(/\n/g, "⏎").replace(/ /g, "·");

/** HTML: trained tokens on green, the rest grey, special tokens bold; a title attribute gives id and mask. */
export function maskHtml(tokens: readonly MaskedToken[]): string {
  const spans = tokens.map((t) => {
    const bg = t.mask ? "#c8f0c8" : "#e6e6e6";
    const weight = t.special ? "font-weight:bold;" : "";
    return `<span title="pos ${t.pos} · id ${t.id} · mask ${t.mask}" style="background:${bg};${weight}border:1px solid #fff;padding:1px 2px;font-family:monospace">${escapeHtml(visible(t.text))}</span>`;
  });
  const trained = tokens.filter((t) => t.mask).length;
  return `<div style="line-height:2">${spans.join("")}</div><div><span style="background:#c8f0c8">green</span>: trained on (mask 1, ${trained} tokens) · <span style="background:#e6e6e6">grey</span>: context only (mask 0, ${tokens.length - trained} tokens)</div>`;
}

/** The same as plain text: [text] for mask 0, {text} for mask 1. */
export function maskText(tokens: readonly MaskedToken[]): string {
  return tokens.map((t) => (t.mask ? `{${visible(t.text)}}` : `[${visible(t.text)}]`)).join("");
}
