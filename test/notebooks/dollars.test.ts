// Issue 15 item 7: a `$` in a notebook's Markdown or table output stays a dollar. Jupyter's renderers
// (classic notebook, nbconvert HTML) run MathJax, which pairs `$…$` into maths; Markdown outputs
// carry each dollar as `&#36;` in a `tex2jax_ignore` span, HTML outputs sit in a `tex2jax_ignore`
// block. The nbconvert check renders a tiny notebook executed by the headless runner; it skips when
// Jupyter's nbconvert is missing. (The live classic notebook was checked by a headless-chromium
// screenshot of notebook 01's cost cell: "**$82.53** at $3/GPU-h … $79.55", where the unescaped
// output showed "82.53 * *at3/GPU-h" in maths.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { escapeMarkdownDollars, MARKDOWN_DOLLAR as D, mathFreeHtml } from "../../lib/report/notebook";
import { jupyterPython, readExecuted, runNotebooks, text, writeNotebook } from "./nbcheck";

test("escapeMarkdownDollars replaces dollars outside code, escaped or not, and no others", () => {
  assert.equal(D, '<span class="tex2jax_ignore">&#36;</span>');
  assert.equal(escapeMarkdownDollars("**$82.53** at $3/GPU-h … $79.55"), `**${D}82.53** at ${D}3/GPU-h … ${D}79.55`);
  assert.equal(escapeMarkdownDollars("a \\$1 b $2 c \\\\$3"), `a ${D}1 b ${D}2 c \\\\${D}3`);
  assert.equal(escapeMarkdownDollars("run `echo $HOME` for $5"), `run \`echo $HOME\` for ${D}5`);
  assert.equal(escapeMarkdownDollars("``a`$b`` $c"), `\`\`a\`$b\`\` ${D}c`);
  assert.equal(escapeMarkdownDollars("x\n```sh\necho $A\n```\n$b"), `x\n\`\`\`sh\necho $A\n\`\`\`\n${D}b`);
  assert.equal(escapeMarkdownDollars("no dollars"), "no dollars");
  assert.equal(escapeMarkdownDollars(escapeMarkdownDollars("$1 and $2")), `${D}1 and ${D}2`);
  assert.match(mathFreeHtml("<table><td>$3</td></table>"), /^<div class="tex2jax_ignore">/);
});

/** Text MathJax would scan (outside scripts, styles, pre and tex2jax_ignore blocks) with unescaped `$`. */
function mathJaxDollars(html: string): string[] {
  const body = html.slice(html.indexOf("<body"));
  const visible = body
    .replace(/<script[\s\S]*?<\/script>/g, "")
    .replace(/<style[\s\S]*?<\/style>/g, "")
    .replace(/<pre[\s\S]*?<\/pre>/g, "") // the cell's source; MathJax skips <pre> and <code>
    .replace(/<div class="tex2jax_ignore">[\s\S]*?<\/div>/g, "")
    .replace(/<span class="tex2jax_ignore">[^<]*<\/span>/g, "")
    .replace(/&#36;|&#x24;|&dollar;/gi, "$"); // entities are dollars to MathJax (it reads the DOM text)
  return visible.split("\n").filter((l) => /(^|[^\\])\$/.test(l.replace(/<[^>]*>/g, "")));
}

const python = jupyterPython();
test("nbconvert HTML shows Markdown and table dollars as dollars, not maths", { skip: python ? false : "no /usr/bin/python3 -m nbconvert (apt install jupyter-nbconvert python3-nbclient)" }, () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-dollars-"));
  try {
    const nb = path.join(tmp, "dollars.ipynb");
    writeNotebook(nb, [
      'import { showMarkdown, showTable } from "./lib/report";\n' +
        'showMarkdown("Renting: **$82.53** at $3/GPU-h … $79.55 (`echo $HOME`)");\n' +
        'showTable([{ item: "GPU-h", price: "$3" }, { item: "run", price: "$82.53" }], { name: "dollars-t" });',
    ]);
    const r = runNotebooks(["--out-dir=" + tmp, nb], { NANOZH_OUT: path.join(tmp, "out"), NANOZH_MODE: "small" });
    assert.equal(r.status, 0, r.stderr);
    const md = text(readExecuted(nb).cells[0].outputs![0].data!["text/markdown"]);
    assert.equal(md, `Renting: **${D}82.53** at ${D}3/GPU-h … ${D}79.55 (\`echo $HOME\`)`);
    const c = spawnSync(python!, ["-m", "nbconvert", "--to", "html", "--output-dir", tmp, nb], { encoding: "utf8" });
    assert.equal(c.status, 0, c.stderr);
    const html = fs.readFileSync(path.join(tmp, "dollars.html"), "utf8");
    // bold survives (maths would have swallowed the `**`), and each dollar is out of MathJax's reach
    assert.ok(html.includes(`Renting: <strong>${D}82.53</strong> at ${D}3/GPU-h … ${D}79.55 (<code>echo $HOME</code>)`), "rendered sentence");
    assert.match(html, /<div class="tex2jax_ignore">[\s\S]*\$82\.53[\s\S]*<\/div>/);
    assert.deepEqual(mathJaxDollars(html).filter((l) => !l.includes("<code>")), []);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
