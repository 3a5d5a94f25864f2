// nanozh sample — continue a prompt with a trained model (KV-cache generation), streamed to stdout.
// The prompt starts with BOS, as in training (every document follows a BOS); a generated BOS ends the text.
// Runs on the inference engine --engine picks (lib/engines); which one ran goes to stderr.
// Options and help: cli/specs/train.ts (SAMPLE).
import { parse } from "../spec";
import { SAMPLE } from "../specs/train";
import { engineLine, generateTokens, openModelFolder } from "../../lib/engines";
import { BOS } from "../../lib/train";

export async function run(argv: string[]): Promise<number> {
  const args = parse(SAMPLE, argv);
  if (!args) return 0;
  const values = args.values;
  const dir = values.model;
  const prompt = values.prompt;
  const temperature = values.temperature;
  const topK = values["top-k"];
  const maxTokens = values["max-tokens"];
  const seed = values.seed;
  const { engine, tokenizer } = await openModelFolder(dir, { engine: values.engine, threads: values.threads, backend: values.backend });
  try {
    if (!tokenizer) throw new Error(`${dir}: no tokenizer/ folder beside the model; cannot encode the prompt`);
    if (!tokenizer.specials.has(BOS)) throw new Error(`${dir}/tokenizer: no ${BOS} special token`);
    process.stderr.write(engineLine(engine) + "\n");
    const bos = tokenizer.specialId(BOS);
    const ids = [bos, ...tokenizer.encodeOrdinary(prompt)];
    const dec = tokenizer.decoder();
    process.stdout.write(prompt);
    for await (const id of generateTokens(engine, ids, { maxTokens, temperature, topK, seed, stopIds: [bos] })) process.stdout.write(dec.push(id));
    process.stdout.write(dec.flush() + "\n");
  } finally {
    engine.dispose();
  }
  return 0;
}
