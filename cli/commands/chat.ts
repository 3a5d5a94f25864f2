// nanozh chat — talk to a fine-tuned model (nanozh sft's output): an interactive session on a terminal,
// one turn per line when stdin is piped, or a single turn with --prompt. Replies stream to stdout.
import readline from "node:readline";
// Options and help: cli/specs/train.ts (CHAT).
import { parse } from "../spec";
import { CHAT } from "../specs/train";
import { writeStdout } from "../epipe";
import { utf8Lines } from "../../lib/util/utf8Lines";
import { invalidUtf8Message, noInvalidUtf8 } from "../../lib/util/utf8Stream";
import { ChatSession } from "../../lib/chat/chat";
import { engineLine, openModelFolder } from "../../lib/engines";

export async function run(argv: string[]): Promise<number> {
  const args = parse(CHAT, argv);
  if (!args) return 0;
  const values = args.values;
  const dir = values.model;
  const temperature = values.temperature;
  const topK = values["top-k"];
  const maxTokens = values["max-tokens"];
  const seed = values.seed;
  const { engine, tokenizer, meta } = await openModelFolder(dir, { engine: values.engine, threads: values.threads, backend: values.backend });
  try {
    process.stderr.write(engineLine(engine) + "\n");
    if (!tokenizer) throw new Error(`${dir}: no tokenizer/ folder beside the model; cannot encode a chat`);
    if (meta.stage !== "sft" && meta.stage !== "mid") process.stderr.write(`note: ${dir} is not a fine-tuned model (config.json has no stage sft/mid); it may not follow the chat format\n`);
    const session = new ChatSession(engine, tokenizer, { temperature, topK, maxTokens, seed });
    const turn = async (text: string): Promise<void> => {
      for await (const piece of session.reply(text)) await writeStdout(piece);
      await writeStdout("\n");
    };
    if (values.prompt !== undefined) {
      await turn(values.prompt);
      return 0;
    }
    const tty = process.stdin.isTTY === true;
    // piped input is decoded by the counting decoder: invalid UTF-8 is reported (count, first offset), not hidden
    const invalid = noInvalidUtf8();
    let reported = 0;
    const rl = tty ? readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true }) : undefined;
    if (tty) process.stdout.write(`chatting with ${dir} (context ${engine.config.sequence_len} tokens; /reset, /quit)\n`);
    const ask = () => rl?.prompt();
    rl?.setPrompt("> ");
    ask();
    for await (const raw of rl ?? utf8Lines(process.stdin, invalid)) {
      if (invalid.count > reported) {
        reported = invalid.count;
        process.stderr.write(`nanozh chat: ${invalidUtf8Message("stdin", invalid)}\n`);
      }
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
    rl?.close();
  } finally {
    engine.dispose();
  }
  return 0;
}
