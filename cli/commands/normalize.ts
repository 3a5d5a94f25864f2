// nanozh normalize: Chinese text normalisation, stdin → stdout (UTF-8). Only what the flags ask for.
import { parseOptions } from "../args";
import { isOpenCCConfig, NormalizeStream, type NormalizeOptions, type OpenCCConfig } from "../../lib/zh/index";
import { invalidUtf8Message, Utf8StreamDecoder } from "../../lib/util/utf8Stream";
import { writeStdout } from "../epipe";

const HELP = `usage: nanozh normalize [--t2s|--s2t|--tw|--twp|--hk|--opencc CONFIG] [--width] [--punct-between-han]
                        [--hygiene] [--join-lines] < in > out
  --t2s / --s2t       Traditional → Simplified / Simplified → Traditional (OpenCC t2s / s2t)
  --tw / --twp / --hk Simplified → Taiwan (s2tw), Taiwan with phrases (s2twp), Hong Kong (s2hk)
  --opencc CONFIG     any OpenCC config: s2t t2s s2tw s2twp tw2s tw2sp s2hk s2hkp hk2s hk2sp t2tw t2hk tw2t hk2t jp2t t2jp
  --width             full-width letters/digits/space → half-width; Chinese punctuation stays
  --punct-between-han also half-width , . ! ? : ; between Han → full-width (implies --width)
  --hygiene           BOM, zero-width and control characters, newlines, spaces, indentation, blank lines
  --join-lines        join hard-wrapped lines (paragraphs = blank or indented lines)
Streams: output is written line by line as input arrives (--join-lines holds one paragraph).
Invalid UTF-8 is replaced by U+FFFD; the count and the first byte offset go to stderr.`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseOptions(argv, {
    t2s: { type: "boolean" },
    s2t: { type: "boolean" },
    tw: { type: "boolean" },
    twp: { type: "boolean" },
    hk: { type: "boolean" },
    opencc: { type: "string" },
    width: { type: "boolean" },
    "punct-between-han": { type: "boolean" },
    hygiene: { type: "boolean" },
    "join-lines": { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    process.stdout.write(HELP + "\n");
    return 0;
  }
  const scripts: OpenCCConfig[] = [];
  if (values.t2s) scripts.push("t2s");
  if (values.s2t) scripts.push("s2t");
  if (values.tw) scripts.push("s2tw");
  if (values.twp) scripts.push("s2twp");
  if (values.hk) scripts.push("s2hk");
  if (values.opencc !== undefined) {
    if (!isOpenCCConfig(values.opencc)) throw new Error(`--opencc: unknown config '${values.opencc}'`);
    scripts.push(values.opencc);
  }
  if (scripts.length > 1) throw new Error(`choose one script conversion, got ${scripts.join(", ")}`);
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
