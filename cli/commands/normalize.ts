// nanozh normalize: Chinese text normalisation, stdin → stdout (UTF-8). Only what the flags ask for.
// Options and help: cli/specs/data.ts (NORMALIZE).
import { parse, UsageError } from "../spec";
import { NORMALIZE } from "../specs/data";
import { isOpenCCConfig, NormalizeStream, type NormalizeOptions, type OpenCCConfig } from "../../lib/zh/index";
import { invalidUtf8Message, Utf8StreamDecoder } from "../../lib/util/utf8Stream";
import { writeStdout } from "../epipe";

export async function run(argv: string[]): Promise<number> {
  const args = parse(NORMALIZE, argv);
  if (!args) return 0;
  const values = args.values;
  const scripts: OpenCCConfig[] = [];
  if (values.t2s) scripts.push("t2s");
  if (values.s2t) scripts.push("s2t");
  if (values.tw) scripts.push("s2tw");
  if (values.twp) scripts.push("s2twp");
  if (values.hk) scripts.push("s2hk");
  if (values.opencc !== undefined) {
    if (!isOpenCCConfig(values.opencc)) throw new Error(`--opencc: '${values.opencc}' is declared in cli/specs/data.ts but not in lib/zh's OpenCC configs`);
    scripts.push(values.opencc);
  }
  if (scripts.length > 1) throw new UsageError(`choose one script conversion, got ${scripts.join(", ")}`);
  const options: NormalizeOptions = {
    script: scripts[0],
    width: values["punct-between-han"] ? { punctBetweenHan: true } : values.width === true,
    hygiene: values.hygiene === true,
    joinLines: values["join-lines"] === true,
  };
  // a BOM stays in the text (the decoder keeps it), so that only --hygiene removes it
  const decoder = new Utf8StreamDecoder();
  const norm = new NormalizeStream(options);
  for await (const chunk of process.stdin) {
    const out = norm.push(decoder.decode(chunk as Buffer));
    if (out) await writeStdout(out);
  }
  const out = norm.push(decoder.end()) + norm.end();
  if (out) await writeStdout(out);
  if (decoder.invalid.count > 0) process.stderr.write(`nanozh normalize: ${invalidUtf8Message("stdin", decoder.invalid)}\n`);
  return 0;
}
