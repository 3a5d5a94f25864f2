// nanozh chat — talk to a fine-tuned model (nanozh sft's output): an interactive session on a terminal,
// one turn per line when stdin is piped, or a single turn with --prompt. Replies stream to stdout.
import readline from "node:readline";
import { numberOption, parseOptions, requireOption } from "../args";
import { writeStdout } from "../epipe";
import { ChatSession } from "../../lib/chat/chat";
import { loadModel } from "../../lib/model";
import { initBackend } from "../../lib/model/backend";

const USAGE = `usage: nanozh chat --model DIR [options]

  --model DIR          a model folder with its tokenizer/ (nanozh sft's --out; a base model works but has
                       not learnt the chat format)
  --prompt TEXT        one user turn: print the reply and exit (no interactive session)
  --temperature T      0 = greedy (default 0.6)
  --top-k K            sample from the K most likely tokens only (default 50)
  --max-tokens N       at most N tokens per reply (default: what is left of the context)
  --seed S             sampling seed (default 42)
  --backend NAME       tfjs-node-gpu | wasm | cpu

On a terminal: type a message and press Enter; /reset starts a new conversation, /quit (or Ctrl-D) ends.
With stdin piped, every line is one user turn of the same conversation (a line /reset starts a new one).
A reply ends at <|assistant_end|>; a conversation longer than the model's context is an error (/reset).`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(
    argv,
    {
      model: { type: "string" },
      prompt: { type: "string" },
      temperature: { type: "string" },
      "top-k": { type: "string" },
      "max-tokens": { type: "string" },
      seed: { type: "string" },
      backend: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    true,
  );
  if (values.help) {
    process.stdout.write(USAGE + "\n");
    return 0;
  }
  if (positionals.length) throw new Error(`unexpected argument '${positionals[0]}' (see nanozh chat --help)`);
  const dir = requireOption(values.model, "model");
  const temperature = numberOption(values.temperature, "temperature", { min: 0 }) ?? 0.6;
  const topK = numberOption(values["top-k"], "top-k", { integer: true, positive: true }) ?? 50;
  const maxTokens = numberOption(values["max-tokens"], "max-tokens", { integer: true, positive: true });
  const seed = numberOption(values.seed, "seed", { integer: true }) ?? 42;
  await initBackend(values.backend, { quiet: true });
  const { model, tokenizer, meta } = loadModel(dir);
  try {
    if (!tokenizer) throw new Error(`${dir}: no tokenizer/ folder beside the model; cannot encode a chat`);
    if (meta.stage !== "sft" && meta.stage !== "mid") process.stderr.write(`note: ${dir} is not a fine-tuned model (config.json has no stage sft/mid); it may not follow the chat format\n`);
    const session = new ChatSession(model, tokenizer, { temperature, topK, maxTokens, seed });
    const turn = async (text: string): Promise<void> => {
      for (const piece of session.reply(text)) await writeStdout(piece);
      await writeStdout("\n");
    };
    if (values.prompt !== undefined) {
      await turn(values.prompt);
      return 0;
    }
    const tty = process.stdin.isTTY === true;
    const rl = readline.createInterface({ input: process.stdin, output: tty ? process.stdout : undefined, terminal: tty });
    if (tty) process.stdout.write(`chatting with ${dir} (context ${model.config.sequence_len} tokens; /reset, /quit)\n`);
    const ask = () => tty && rl.prompt();
    rl.setPrompt("> ");
    ask();
    for await (const raw of rl) {
      const line = raw.trim();
      if (line === "/quit" || line === "/exit") break;
      if (line === "/reset") {
        session.reset();
        if (tty) process.stdout.write("(new conversation)\n");
      } else if (line !== "") {
        try {
          await turn(line);
        } catch (e) {
          if (!tty) throw e;
          process.stdout.write(`\n[${(e as Error).message}]\n`);
        }
      }
      ask();
    }
    rl.close();
  } finally {
    model.dispose();
  }
  return 0;
}
