import path from "node:path";
import fs from "node:fs";
import { byMode, runMode, showHtml, showMarkdown, showPlot, showTable } from "../lib/report";
import { loadConfig, type NanozhConfig } from "../lib/config";
import { numParams, readModelFolder } from "../lib/model";
import { engineLine, openModelFolder } from "../lib/engines";
import { buildChatMixture, ChatSession, chatSettings, maskedTokens, maskHtml, maskText, renderConversation, sft, sftData, taskSpecs, type SftEvent, type SftSummary } from "../lib/chat";
import { outDir } from "../lib/util/paths";

const mode = runMode();
// ---------------- parameters: change these and re-run the notebook ----------------
// Where a change lasts: in Jupyter, in this notebook; outside Jupyter, in notebooks/08-chat-sft.ipynb or its source
// scripts/notebooks/08-chat-sft.nb.md (then `npx tsx scripts/notebooks/build.ts`). `npm start` writes executed copies
// to out/notebooks/, which the next run overwrites — edits there are lost. The chat tasks, their weights, the steps and
// the learning rate live in the config's `chat:` block (configs/cpu-tiny.yaml).
const P = {
  config: "configs/cpu-tiny.yaml",
  base: path.join(outDir(), "model"), //    the pretrained model (notebook 07)
  out: path.join(outDir(), "sft"), //       the fine-tuned model: model, tokenizer, summary.json, log.csv
  numIterations: byMode<number | undefined>({ small: undefined, full: 600 }), // undefined: the config's chat.num_iterations
  engine: "auto" as "auto" | "ort" | "local" | "workers", // training and replies: auto = ORT when onnxruntime-node loads, else tfjs
  backend: undefined as string | undefined, // the tfjs engines' backend: tfjs-node-gpu | wasm | cpu; undefined: the best that loads
  questions: ["你好！", "你是谁？", "把下面的句子翻译成英文：\n我喜欢读书。", "Translate into Chinese:\nI like to read books.", "床前明月光的下一句是什么？"],
  // full mode only: the same steps as mid-training (every token trained) for comparison
  compareMid: true,
};
// ------------------------------------------------------------------------------------
const cfg: NanozhConfig = loadConfig(P.config);
if (!fs.existsSync(path.join(P.base, "model.safetensors"))) throw new Error(`${P.base}: no pretrained model; run notebook 07 first (npm start -- 07)`);
const base = readModelFolder(P.base);
const tok = base.tokenizer!;
const settings = chatSettings(cfg, base.config, { numIterations: P.numIterations }, P.base);
showMarkdown(
  `mode **${mode}** · engine **${P.engine}** · base model \`${path.relative(process.cwd(), P.base)}\` (${numParams(base.config).toLocaleString("en-US")} parameters, ` +
    `context ${base.config.sequence_len} tokens) · \`${P.config}\` chat block: **${settings.mode}**, ${settings.numIterations} steps × ` +
    `${settings.gradAccum * settings.deviceBatch} conversations, init_lr_frac ${settings.initLrFrac}`,
);
const data = sftData(tok, settings, () => {});
showTable(
  data.perTask.map((t) => ({ task: t.name, format: t.format, available: t.available, held_out: t.val, in_training: t.train, weight: t.weight, epochs: t.epochs })),
  {
    name: "08-tasks",
    title: `${data.trainConversations.toLocaleString("en-US")} training conversations (with repeats); ${data.perTask.reduce((n, t) => n + t.val, 0)} held out, of which ${data.valConversations} are evaluated (chat.eval_conversations); ${data.dropped} dropped (no assistant token within ${settings.seqLen + 1} tokens), ${data.truncated} cut to the context`,
    columns: ["task", "format", "available", "held_out", "in_training", { key: "weight", digits: 2 }, { key: "epochs", digits: 2 }],
  },
);
const mix = buildChatMixture(taskSpecs(settings), { seed: settings.seed, valShare: settings.valShare });
const examples = settings.tasks.map((t) => mix.train.find((c) => c.task === t.name)).filter((c) => c !== undefined);
showMarkdown(
  examples
    .map((c) => `**${c!.task}** (\`${path.relative(process.cwd(), c!.source)}\`)\n\n` + c!.messages.map((m) => `> *${m.role}*: ${m.content.replace(/\n/g, " ⏎ ")}`).join("\n>\n"))
    .join("\n\n"),
);
const shown = examples.find((c) => c!.task === "identity") ?? examples[0]!;
const rendered = renderConversation(tok, shown!, settings.seqLen + 1);
const masked = maskedTokens(tok, rendered);
showHtml(maskHtml(masked), maskText(masked));
showMarkdown(
  `${rendered.ids.length} tokens, **${masked.filter((t) => t.mask).length} trained** (mask 1), ${masked.filter((t) => !t.mask).length} context. ` +
    `Over the whole training set: ${data.train.reduce((a, b) => a + b.targets.filter((t) => t >= 0).length, 0).toLocaleString("en-US")} of ` +
    `${data.train.reduce((a, b) => a + b.targets.length, 0).toLocaleString("en-US")} target positions carry a loss (the rest are user turns, special tokens and padding).`,
);
/** One greedy reply per question, each in a fresh conversation (newlines shown as ⏎), and why it ended. */
async function replies(dir: string): Promise<{ text: string; end: string; engine: string }[]> {
  const m = await openModelFolder(dir, { engine: P.engine, backend: P.backend });
  const session = new ChatSession(m.engine, m.tokenizer!, { temperature: 0, maxTokens: 48 });
  const out: { text: string; end: string; engine: string }[] = [];
  for (const q of P.questions) {
    session.reset();
    const text = (await session.ask(q)).replace(/\n/g, "⏎");
    out.push({ text, end: session.lastEnd!, engine: engineLine(m.engine) });
  }
  await m.engine.dispose();
  return out;
}
const before = await replies(P.base);
showTable(P.questions.map((q, i) => ({ question: q.replace(/\n/g, "⏎"), reply: before[i].text, ended_by: before[i].end })), { name: "08-chat-before", title: `The pretrained model (out/model), greedy, at most 48 tokens; ${before[0].engine}` });
const events: SftEvent[] = [];
const summary: SftSummary = await sft(cfg, {
  model: P.base,
  out: P.out,
  overwrite: true,
  engine: P.engine,
  backend: P.backend,
  numIterations: P.numIterations,
  progressMs: 20_000,
  onLog: (e) => events.push(e),
});
showMarkdown(
  `**${summary.steps} steps** in ${summary.train_seconds.toFixed(0)} s of training (${Math.round(summary.tokens_per_s).toLocaleString("en-US")} positions/s, ` +
    `${summary.trained_tokens.toLocaleString("en-US")} of ${summary.tokens.toLocaleString("en-US")} positions trained), engine ${summary.engine}; ${summary.seconds.toFixed(0)} s in all.`,
);
const evalsSeen = events.filter((e): e is Extract<SftEvent, { kind: "eval" }> => e.kind === "eval");
const stepsSeen = events.filter((e): e is Extract<SftEvent, { kind: "step" }> => e.kind === "step");
await showPlot(
  {
    data: [
      { type: "scatter", mode: "lines", name: "train loss (nats/token)", x: stepsSeen.map((e) => e.step), y: stepsSeen.map((e) => e.loss) },
      { type: "scatter", mode: "lines+markers", name: "val loss, assistant tokens", x: evalsSeen.map((e) => e.step), y: evalsSeen.map((e) => e.val_loss) },
    ],
    layout: { title: { text: `${cfg.name} ${summary.stage}: loss on the assistant's tokens` }, xaxis: { title: { text: "step" } }, yaxis: { title: { text: "nats per token" } } },
  },
  { name: "08-curves" },
);
showTable(
  evalsSeen.map((e) => ({ step: e.step, val_loss: e.val_loss, val_bpb: e.val_bpb })),
  { name: "08-val-loss", title: "Validation on held-out conversations (assistant tokens only)", columns: ["step", { key: "val_loss", digits: 4 }, { key: "val_bpb", digits: 4 }] },
);
const vb = summary.val_loss_before!;
const va = summary.val_loss_after!;
showMarkdown(
  `The validation loss on the assistant's tokens went from **${vb.toFixed(3)}** to **${va.toFixed(3)}** nats per token ` +
    `(${va < vb ? `${(100 * (1 - va / vb)).toFixed(1)}% lower` : "not lower: the run is too short or the learning rate too small"}): ` +
    `perplexity ${Math.exp(vb).toFixed(1)} → ${Math.exp(va).toFixed(1)}.`,
);
const after = await replies(P.out);
showTable(
  P.questions.map((q, i) => ({ question: q.replace(/\n/g, "⏎"), before: before[i].text, after: after[i].text, ended_by: after[i].end })),
  { name: "08-chat", title: `Greedy replies before and after ${summary.steps} ${summary.stage} steps` },
);
const stops = (r: { end: string }[]) => r.filter((x) => x.end === "assistant_end").length;
showMarkdown(
  `Replies that end with \`<|assistant_end|>\` within 48 tokens: **${stops(before)} of ${P.questions.length}** before, **${stops(after)} of ${P.questions.length}** after ` +
    `(the others ran to the token limit or started a new document or turn). ` +
    `From the command line: \`npx nanozh chat --model out/sft\` (an interactive session; \`--prompt TEXT\` for one turn).`,
);
if (mode === "full" && P.compareMid) {
  const mid = await sft(cfg, { model: P.base, out: path.join(outDir("runs"), "08-mid"), overwrite: true, mode: "mid", engine: P.engine, backend: P.backend, numIterations: P.numIterations, progressMs: 60_000 });
  showTable(
    [
      { run: `sft (masked, init_lr_frac ${summary.init_lr_frac})`, steps: summary.steps, trained_tokens: summary.trained_tokens, val_loss_before: summary.val_loss_before!, val_loss_after: summary.val_loss_after! },
      { run: `mid (all tokens, init_lr_frac ${mid.init_lr_frac})`, steps: mid.steps, trained_tokens: mid.trained_tokens, val_loss_before: mid.val_loss_before!, val_loss_after: mid.val_loss_after! },
    ],
    { name: "08-sft-vs-mid", title: "Validation loss on the assistant's tokens (nats/token; lower is better)", columns: ["run", "steps", "trained_tokens", { key: "val_loss_before", digits: 4 }, { key: "val_loss_after", digits: 4 }] },
  );
} else {
  showMarkdown("Small mode: skipped (it trains a second model). Run with `NANOZH_MODE=full` to compare SFT with mid-training.");
}
export {};
