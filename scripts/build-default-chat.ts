// Builds the default chat data data/chat/ that notebook 08 and configs/cpu-tiny.yaml fine-tune on,
// so the main job runs in a fresh clone without ../shared:
//   identity.jsonl       conversations written for this project (scripts/chat/identity*.ts), MIT
//   oasst_zh.jsonl       short OpenAssistant Chinese conversations (Apache-2.0)
//   translate_pairs.tsv  a Tatoeba English–Chinese subset, Chinese in Simplified (CC-BY 2.0 FR)
// The .jsonl files are nanochat CustomJSON (one JSON array of {role, content} per line, user first,
// strictly alternating; ../shared/docs/nanochat-formats.md). MANIFEST.json records every output's
// rows, characters, bytes and sha256, and the origin, licence, sha256 and row-selection rule of
// every input; the block between the chat markers in data/README.md is rewritten from it.
// Reads only ../shared/data (sharedDataDir()); same inputs → byte-identical outputs.
//
//   npx tsx scripts/build-default-chat.ts [--out data/chat] [--check]
//
// --check rebuilds into a temp folder and compares every output's sha256 with the shipped MANIFEST.json.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import crypto from "node:crypto";
import { writeFileAtomic, writeJsonAtomic } from "../lib/util/atomicWrite";
import { repoRoot, sharedDataDir } from "../lib/util/paths";
import { OASST_INPUT, OASST_RULE, TATOEBA_INPUT, TATOEBA_RULE, oasstConversations, tatoebaPairs, type ChatMessage, type InputSpec } from "./chat/sources";
import { identityConversations, IDENTITY_RULE } from "./chat/identity";

export const CHAT_FILES = { identity: "identity.jsonl", oasst: "oasst_zh.jsonl", pairs: "translate_pairs.tsv" } as const;
export const MANIFEST_FILE = "MANIFEST.json";

export interface InputRecord {
  file: string;
  sha256: string;
  bytes: number;
  rows: number;
  origin: string;
  license: string;
}

export interface ChatFileRecord {
  file: string;
  format: "customjson" | "pairs";
  rows: number;
  /** Messages in all conversations (customjson); 0 for pairs. */
  messages: number;
  /** Code points of the message contents (customjson) or of both sides (pairs). */
  characters: number;
  bytes: number;
  sha256: string;
  source: string;
  license: string;
  selection: string;
  inputs: InputRecord[];
  stats: Record<string, number>;
}

export interface ChatManifest {
  builder: string;
  formats: Record<string, string>;
  files: ChatFileRecord[];
}

function sha256(b: Uint8Array | string): string {
  return crypto.createHash("sha256").update(b).digest("hex");
}

function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** nanochat CustomJSON text: one JSON array of {role, content} per line, LF line ends. */
export function customJsonText(convs: ChatMessage[][]): string {
  return convs.map((c) => JSON.stringify(c.map((m) => ({ role: m.role, content: m.content })))).join("\n") + "\n";
}

/** The expected sha256 of a shared file from ../shared/data/MANIFEST.tsv (undefined when not listed). */
export function sharedListedSha(dataDir: string, rel: string): string | undefined {
  const file = path.join(dataDir, "MANIFEST.tsv");
  const lines = fs.readFileSync(file, "utf8").split("\n");
  const head = lines[0].split("\t");
  const iPath = head.indexOf("path");
  const iSha = head.indexOf("sha256");
  if (iPath < 0 || iSha < 0) throw new Error(`${file}:1: expected columns path and sha256`);
  for (const l of lines.slice(1)) {
    const c = l.split("\t");
    if (c[iPath] === rel) return c[iSha];
  }
  return undefined;
}

function readInput(dataDir: string, spec: InputSpec): { text: string; bytes: Buffer; sha: string } {
  const file = path.join(dataDir, spec.file);
  if (!fs.existsSync(file)) throw new Error(`${file}: missing input (see ../shared/data/README.md)`);
  const bytes = fs.readFileSync(file);
  const sha = sha256(bytes);
  const listed = sharedListedSha(dataDir, spec.file);
  if (listed !== undefined && listed !== sha) throw new Error(`${file}: sha256 ${sha} differs from MANIFEST.tsv's ${listed}: not the file the shipped data was built from`);
  return { text: bytes.toString("utf8"), bytes, sha };
}

function conversationRecord(file: string, text: string, convs: ChatMessage[][], rest: Omit<ChatFileRecord, "file" | "format" | "rows" | "messages" | "characters" | "bytes" | "sha256">): ChatFileRecord {
  const bytes = Buffer.from(text, "utf8");
  let messages = 0;
  let characters = 0;
  for (const c of convs) for (const m of c) {
    messages++;
    characters += codePoints(m.content);
  }
  return { file, format: "customjson", rows: convs.length, messages, characters, bytes: bytes.length, sha256: sha256(bytes), ...rest };
}

/** Build every file of data/chat into `outDir` (atomic writes, MANIFEST.json last). */
export function buildDefaultChat(outDir: string, dataDir = sharedDataDir()): ChatManifest {
  const files: ChatFileRecord[] = [];
  const outputs: [string, string][] = [];

  const identity = identityConversations();
  const idText = customJsonText(identity);
  outputs.push([CHAT_FILES.identity, idText]);
  files.push(
    conversationRecord(CHAT_FILES.identity, idText, identity, {
      source: "written for nanochat-zh (scripts/chat/identity*.ts)",
      license: "MIT (this repository)",
      selection: IDENTITY_RULE,
      inputs: [],
      stats: { multi_turn: identity.filter((c) => c.length > 2).length },
    }),
  );

  const oasstIn = readInput(dataDir, OASST_INPUT);
  const oasst = oasstConversations(oasstIn.text, OASST_INPUT.file);
  const oasstText = customJsonText(oasst.conversations);
  outputs.push([CHAT_FILES.oasst, oasstText]);
  files.push(
    conversationRecord(CHAT_FILES.oasst, oasstText, oasst.conversations, {
      source: OASST_INPUT.origin,
      license: OASST_INPUT.license,
      selection: OASST_RULE,
      inputs: [{ file: OASST_INPUT.file, sha256: oasstIn.sha, bytes: oasstIn.bytes.length, rows: oasst.rows, origin: OASST_INPUT.origin, license: OASST_INPUT.license }],
      stats: { too_long: oasst.tooLong, empty: oasst.empty, duplicates: oasst.duplicates, converted_t2s: oasst.converted, multi_turn: oasst.conversations.filter((c) => c.length > 2).length },
    }),
  );

  const tatIn = readInput(dataDir, TATOEBA_INPUT);
  const tat = tatoebaPairs(tatIn.text, TATOEBA_INPUT.file);
  const pairsText = tat.pairs.join("\n") + "\n";
  const pairsBytes = Buffer.from(pairsText, "utf8");
  outputs.push([CHAT_FILES.pairs, pairsText]);
  files.push({
    file: CHAT_FILES.pairs,
    format: "pairs",
    rows: tat.pairs.length,
    messages: 0,
    characters: tat.pairs.reduce((a, p) => a + codePoints(p) - 1, 0),
    bytes: pairsBytes.length,
    sha256: sha256(pairsBytes),
    source: TATOEBA_INPUT.origin,
    license: TATOEBA_INPUT.license,
    selection: TATOEBA_RULE,
    inputs: [{ file: TATOEBA_INPUT.file, sha256: tatIn.sha, bytes: tatIn.bytes.length, rows: tat.rows, origin: TATOEBA_INPUT.origin, license: TATOEBA_INPUT.license }],
    stats: { eligible: tat.eligible, too_long: tat.tooLong, duplicates: tat.duplicates, converted_t2s: tat.converted },
  });

  for (const [name, text] of outputs) writeFileAtomic(path.join(outDir, name), text);
  const manifest: ChatManifest = {
    builder: "scripts/build-default-chat.ts",
    formats: {
      customjson: "nanochat CustomJSON: UTF-8 JSONL, one JSON array of {role, content} per line, ≥ 2 messages, roles user/assistant strictly alternating from user",
      pairs: "UTF-8 lines 'English<TAB>Chinese' (Chinese in Simplified); lib/chat readTranslationPairs makes both directions",
    },
    files,
  };
  writeJsonAtomic(path.join(outDir, MANIFEST_FILE), manifest);
  return manifest;
}

export function readChatManifest(dir: string): ChatManifest {
  const file = path.join(dir, MANIFEST_FILE);
  return JSON.parse(fs.readFileSync(file, "utf8")) as ChatManifest;
}

/** The markdown block between the chat markers in data/README.md. */
export function chatReadmeBlock(m: ChatManifest): string {
  const fmt = (n: number) => n.toLocaleString("en-US");
  const lines = [
    "| file | rows | messages | characters | bytes | sha256 | source | license |",
    "|---|---:|---:|---:|---:|---|---|---|",
    ...m.files.map((f) => `| \`chat/${f.file}\` | ${fmt(f.rows)} | ${f.messages ? fmt(f.messages) : "—"} | ${fmt(f.characters)} | ${fmt(f.bytes)} | \`${f.sha256.slice(0, 16)}…\` | ${f.source} | ${f.license} |`),
    "",
    "| input (`../shared/data/`) | bytes | rows | sha256 |",
    "|---|---:|---:|---|",
    ...m.files.flatMap((f) => f.inputs.map((i) => `| \`${i.file}\` | ${fmt(i.bytes)} | ${fmt(i.rows)} | \`${i.sha256.slice(0, 16)}…\` |`)),
    "",
    "Selection rules:",
    "",
    ...m.files.map((f) => `- \`${f.file}\`: ${f.selection}. (${Object.entries(f.stats).map(([k, v]) => `${k} ${fmt(v)}`).join(", ")})`),
    "",
    `Total ${fmt(m.files.reduce((a, f) => a + f.bytes, 0))} bytes. Full sha256 of every file in \`chat/MANIFEST.json\`.`,
  ];
  return lines.join("\n");
}

const BEGIN = "<!-- chat:begin (written by scripts/build-default-chat.ts) -->";
const END = "<!-- chat:end -->";

export function updateChatReadme(readmeFile: string, block: string): void {
  const text = fs.readFileSync(readmeFile, "utf8");
  const a = text.indexOf(BEGIN);
  const b = text.indexOf(END);
  if (a < 0 || b < a) throw new Error(`${readmeFile}: markers ${BEGIN} … ${END} not found`);
  writeFileAtomic(readmeFile, text.slice(0, a + BEGIN.length) + "\n" + block + "\n" + text.slice(b));
}

function main(argv: string[]): number {
  const root = repoRoot();
  const outArg = argv.indexOf("--out");
  const out = path.resolve(root, outArg >= 0 ? argv[outArg + 1] : "data/chat");
  if (!fs.existsSync(path.join(sharedDataDir(), "MANIFEST.tsv"))) {
    process.stderr.write(`shared data not found at ${sharedDataDir()} (set NANOZH_SHARED_DATA)\n`);
    return 2;
  }
  if (argv.includes("--check")) {
    const shipped = readChatManifest(out);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-chat-"));
    try {
      const rebuilt = buildDefaultChat(tmp);
      let ok = shipped.files.length === rebuilt.files.length;
      for (const f of rebuilt.files) {
        const same = shipped.files.find((s) => s.file === f.file)?.sha256 === f.sha256;
        ok = ok && same;
        process.stdout.write(`${f.file}  ${same ? "identical" : "DIFFERS"}\n`);
      }
      process.stdout.write(ok ? "shipped chat data is byte-identical to a rebuild\n" : "shipped chat data differs from a rebuild\n");
      return ok ? 0 : 1;
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
  const m = buildDefaultChat(out);
  if (out === path.join(root, "data", "chat")) updateChatReadme(path.join(root, "data", "README.md"), chatReadmeBlock(m));
  process.stdout.write(chatReadmeBlock(m) + "\n");
  return 0;
}

if (process.argv[1] && /build-default-chat\.ts$/.test(process.argv[1])) {
  try {
    process.exit(main(process.argv.slice(2)));
  } catch (err) {
    process.stderr.write(`build-default-chat: ${(err as Error).message}\n`);
    process.exit(1);
  }
}
