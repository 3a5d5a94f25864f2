// nanozh sample — continue a prompt with a trained model (KV-cache generation), streamed to stdout.
// The prompt starts with BOS, as in training (every document follows a BOS); a generated BOS ends the text.
import { numberOption, parseOptions, requireOption } from "../args";
import { generate, loadModel } from "../../lib/model";
import { initBackend } from "../../lib/model/backend";
import { BOS } from "../../lib/train";

const USAGE = `usage: nanozh sample --model DIR --prompt TEXT [options]

  --model DIR          a model folder (nanozh train's run folder: model.safetensors, config.json, tokenizer/)
  --prompt TEXT        text to continue
  --temperature T      0 = greedy (default 1, nanochat's)
  --top-k K            sample from the K most likely tokens only
  --max-tokens N       new tokens (default 64)
  --seed S             sampling seed (default 42)
  --backend NAME       tfjs-node-gpu | wasm | cpu`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseOptions(argv, {
    model: { type: "string" },
    prompt: { type: "string" },
    temperature: { type: "string" },
    "top-k": { type: "string" },
    "max-tokens": { type: "string" },
    seed: { type: "string" },
    backend: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    process.stdout.write(USAGE + "\n");
    return 0;
  }
  const dir = requireOption(values.model, "model");
  const prompt = requireOption(values.prompt, "prompt");
  const temperature = numberOption(values.temperature, "temperature", { min: 0 }) ?? 1;
  const topK = numberOption(values["top-k"], "top-k", { integer: true, positive: true });
  const maxTokens = numberOption(values["max-tokens"], "max-tokens", { integer: true, positive: true }) ?? 64;
  const seed = numberOption(values.seed, "seed", { integer: true }) ?? 42;
  await initBackend(values.backend, { quiet: true });
  const { model, tokenizer } = loadModel(dir);
  try {
    if (!tokenizer) throw new Error(`${dir}: no tokenizer/ folder beside the model; cannot encode the prompt`);
    if (!tokenizer.specials.has(BOS)) throw new Error(`${dir}/tokenizer: no ${BOS} special token`);
    const bos = tokenizer.specialId(BOS);
    const ids = [bos, ...tokenizer.encodeOrdinary(prompt)];
    const dec = tokenizer.decoder();
    process.stdout.write(prompt);
    for (const id of generate(model, ids, { maxTokens, temperature, topK, seed, stopIds: [bos] })) process.stdout.write(dec.push(id));
    process.stdout.write(dec.flush() + "\n");
  } finally {
    model.dispose();
  }
  return 0;
}
