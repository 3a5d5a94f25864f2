// A model folder (lib/model/io) as a tfjs GPT and back: the tfjs engine's side of the plain-array folder
// format. Other engines take readModelFolder's arrays directly (lib/engines openModelFolder).
import type { GPTConfig } from "../../model/config";
import { readModelFolder, saveWeights, type SaveModelOptions } from "../../model/io";
import type { Tokenizer } from "../../tokenizer/tokenizer";
import { GPT } from "./gpt";

export interface LoadedModel {
  model: GPT;
  tokenizer?: Tokenizer;
  config: GPTConfig;
  meta: Record<string, unknown>;
}

/** Save a tfjs GPT's weights as a model folder (saveWeights on its arrays). */
export function saveModel(dir: string, model: GPT, opts: SaveModelOptions = {}): void {
  saveWeights(dir, model.config, model.getWeights(), opts);
}

/** A model folder as a tfjs GPT (readModelFolder, then the weights into tfjs). */
export function loadModel(dir: string): LoadedModel {
  const { config, meta, weights, tokenizer, file } = readModelFolder(dir);
  const model = new GPT(config, { weights, source: file });
  return { model, tokenizer, config, meta };
}
