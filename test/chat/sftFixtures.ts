// A tiny base model folder (random init, 1 layer, the chat test tokenizer) and a config with a chat block.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { validateConfig, type NanozhConfig } from "../../lib/config";
import { type GPTConfig } from "../../lib/model";
import { GPT, initBackend, saveModel } from "../../lib/engines/tfjs";
import { chatTokenizer } from "./chatDataFixtures";

const made: string[] = [];
process.on("exit", () => {
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

export function tempDir(label: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), `nanozh-sft-${label}-`));
  made.push(d);
  return d;
}

export const SEQ = 48;

export function tinyGptConfig(seq = SEQ): GPTConfig {
  return { sequence_len: seq, vocab_size: chatTokenizer().nVocab, n_layer: 1, n_head: 2, n_kv_head: 2, n_embd: 32 };
}

/** A saved random-init model folder with the chat test tokenizer (or without any tokenizer). */
export async function baseModelDir(opts: { tokenizer?: boolean; seq?: number } = {}): Promise<string> {
  await initBackend("cpu", { quiet: true });
  const dir = path.join(tempDir("base"), "model");
  const m = new GPT(tinyGptConfig(opts.seq), { seed: 7 });
  saveModel(dir, m, opts.tokenizer === false ? {} : { tokenizer: chatTokenizer() });
  m.dispose();
  return dir;
}

export const MEMO = [
  { role: "user", content: "你好！" },
  { role: "assistant", content: "你好！我是一个小助手。" },
];

/** A CustomJSON file: `n` copies of the memorisable conversation (distinct lines → distinct sources). */
export function memoFile(n = 8): string {
  const dir = tempDir("data");
  const file = path.join(dir, "memo.jsonl");
  fs.writeFileSync(file, Array.from({ length: n }, () => JSON.stringify(MEMO)).join("\n") + "\n");
  return file;
}

export function rawConfig(chat: Record<string, unknown> | null, seq = SEQ) {
  const vocab = chatTokenizer().nVocab;
  return {
    name: "sft-test",
    model: { depth: 2, vocab_size: vocab, max_seq_len: seq, n_embd: 32, n_head: 2 },
    training: { total_batch_size: 2 * seq, device_batch_size: 2, matrix_lr: 0.02, embedding_lr: 0.2, unembedding_lr: 0.004 },
    hardware: { gpu: "cpu", gpus: 0 },
    tokenizer: { vocab_size: vocab },
    data: { mix: [{ lang: "zh", weight: 1, chars_per_token: 1 }], sources: [{ name: "zh", lang: "zh", weight: 1, format: "txt", path: "x.txt" }] },
    ...(chat ? { chat } : {}),
  };
}

export function sftConfig(file: string, over: Record<string, unknown> = {}): NanozhConfig {
  return validateConfig(
    rawConfig({ num_iterations: 12, device_batch_size: 2, init_lr_frac: 1, eval_every: 6, val_share: 0.25, seed: 1, tasks: [{ name: "memo", format: "customjson", path: file, weight: 1 }], ...over }),
    "sft-test.yaml",
  );
}
