// Every command of nanozh: its spec (options, help) and where its code is, loaded only when run.
import type { CommandSpec, GroupSpec } from "../spec";
import { CLEAN, DEDUP, MIX, NORMALIZE, SHARD } from "./data";
import { EVAL } from "./eval";
import { EXPORT_GROUP, IMPORT, NANOCHAT_LOG, REPORT } from "./nanochat";
import { RECOMMEND, SHARDS, SIZE } from "./sizing";
import { TOK_GROUP } from "./tok";
import { BENCH, CHAT, PARITY, SAMPLE, SFT, TRAIN } from "./train";

export interface CommandEntry {
  spec: CommandSpec | GroupSpec;
  load: () => Promise<{ run: (argv: string[]) => Promise<number> }>;
}

export const COMMANDS: Record<string, CommandEntry> = {
  size: { spec: SIZE, load: () => import("../commands/size") },
  shards: { spec: SHARDS, load: () => import("../commands/shards") },
  recommend: { spec: RECOMMEND, load: () => import("../commands/recommend") },
  normalize: { spec: NORMALIZE, load: () => import("../commands/normalize") },
  clean: { spec: CLEAN, load: () => import("../commands/clean") },
  dedup: { spec: DEDUP, load: () => import("../commands/dedup") },
  shard: { spec: SHARD, load: () => import("../commands/shard") },
  mix: { spec: MIX, load: () => import("../commands/mix") },
  tok: { spec: TOK_GROUP, load: () => import("../commands/tok") },
  parity: { spec: PARITY, load: () => import("../commands/parity") },
  train: { spec: TRAIN, load: () => import("../commands/train") },
  sample: { spec: SAMPLE, load: () => import("../commands/sample") },
  sft: { spec: SFT, load: () => import("../commands/sft") },
  chat: { spec: CHAT, load: () => import("../commands/chat") },
  eval: { spec: EVAL, load: () => import("../commands/eval") },
  bench: { spec: BENCH, load: () => import("../commands/bench") },
  report: { spec: REPORT, load: () => import("../commands/report") },
  export: { spec: EXPORT_GROUP, load: () => import("../commands/export") },
  import: { spec: IMPORT, load: () => import("../commands/import") },
  "nanochat-log": { spec: NANOCHAT_LOG, load: () => import("../commands/nanochatLog") },
};

export function isGroup(spec: CommandSpec | GroupSpec): spec is GroupSpec {
  return "subcommands" in spec;
}

/** Every command and subcommand spec, for the tests and the help. */
export function allCommandSpecs(): CommandSpec[] {
  return Object.values(COMMANDS).flatMap((c) => (isGroup(c.spec) ? Object.values(c.spec.subcommands) : [c.spec]));
}
