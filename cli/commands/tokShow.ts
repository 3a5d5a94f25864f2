// nanozh tok show: sentences cut into tokens, one row per tokenizer (lib/tokenizer/show). Options: cli/specs/tok.ts.
import fs from "node:fs";
import { parse } from "../spec";
import { TOK_SHOW } from "../specs/tok";
import { getTokenizer } from "../../lib/tokenizer/index";
import { SHOW_SENTENCES, tokensHtmlPage, tokensText, type ShowRow } from "../../lib/tokenizer/show";

export async function show(argv: string[]): Promise<number> {
  const args = parse(TOK_SHOW, argv);
  if (!args) return 0;
  const values = args.values;
  const rows: ShowRow[] = values.tokenizer.map((n) => ({ label: n, tokenizer: getTokenizer(n) }));
  const sentences = values.text && values.text.length > 0 ? values.text : SHOW_SENTENCES;
  if (values.html) {
    fs.writeFileSync(values.html, tokensHtmlPage(rows, sentences));
    process.stderr.write(`wrote ${values.html}\n`);
  }
  const colour = process.stdout.isTTY === true && !process.env.NO_COLOR;
  process.stdout.write(tokensText(rows, sentences, { colour }) + "\n");
  return 0;
}
