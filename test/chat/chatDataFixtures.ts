// A small tokenizer with nanochat's specials, trained on a few lines, for the chat tests.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { trainBpe, type Tokenizer } from "../../lib/tokenizer";

let cached: Tokenizer | undefined;
const made: string[] = [];
process.on("exit", () => {
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

export function chatTokenizer(): Tokenizer {
  if (!cached) {
    const docs = [
      "你好！我是一个小助手。今天天气很好。",
      "Hello! How are you today? I am fine, thank you.",
      "把下面的句子翻译成英文：我喜欢读书。 I like reading books.",
      "请用一句话回答问题。北京是中国的首都。",
    ];
    cached = trainBpe(docs, { vocabSize: 320, log: () => {} }).tokenizer;
  }
  return cached;
}

/** A fresh temporary folder with the given files written in it (removed when the process exits). */
export function tempFiles(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-chat-"));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}
