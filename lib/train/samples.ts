// Samples during training (nanochat base_train: a few fixed prompts, 16 tokens, greedy), here half
// Chinese and half English so a learner sees both languages form. Prompts start with BOS, as nanochat's.
// Any inference engine (lib/engines): the trainer opens one of its step engine's kind on the current weights.
import { generateTokens, type InferenceEngine } from "../engines";
import type { Tokenizer } from "../tokenizer";

export const SAMPLE_PROMPTS = ["中国的首都是", "床前明月光，", "我们今天", "The capital of France is", "The opposite of hot is", "Once upon a time"] as const;

export interface Sample {
  prompt: string;
  completion: string;
}

/** Greedy continuations of each prompt (`maxTokens` new tokens, stopping at BOS). */
export async function greedySamples(engine: InferenceEngine, tok: Tokenizer, bos: number, prompts: readonly string[] = SAMPLE_PROMPTS, maxTokens = 16): Promise<Sample[]> {
  const out: Sample[] = [];
  for (const prompt of prompts) {
    const ids = [bos, ...tok.encodeOrdinary(prompt)];
    const got: number[] = [];
    for await (const id of generateTokens(engine, ids, { maxTokens, temperature: 0, stopIds: [bos] })) got.push(id);
    out.push({ prompt, completion: tok.decode(got) });
  }
  return out;
}
