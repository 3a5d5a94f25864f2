// nanozh mix — a config's weighted sources → shuffled train shards + a val shard (sorts last) + manifest.
import path from "node:path";
// Options and help: cli/specs/data.ts (MIX).
import { printJson } from "../args";
import { parse } from "../spec";
import { MIX } from "../specs/data";
import { loadConfig } from "../../lib/config";
import { buildMixture, mixtureTable, plannedChars, type MixtureReport } from "../../lib/data";

export async function run(argv: string[]): Promise<number> {
  const args = parse(MIX, argv);
  if (!args) return 0;
  const values = args.values;
  const config = loadConfig(values.config);
  const out = path.resolve(values.out);
  const targetChars = values["target-chars"];
  const planned = plannedChars(config);
  if (targetChars === undefined && planned !== undefined) process.stderr.write(`mix: target from the config's plan: ${Math.round(planned).toLocaleString("en-US")} chars (with margin ${config.data.margin})\n`);
  const manifest = await buildMixture(config, out, {
    targetChars,
    overwrite: values.overwrite,
    maxRepeat: values["max-repeat"],
    seed: values.seed,
  });
  if (values.json) {
    printJson(manifest);
    return 0;
  }
  const r = manifest.mixture as MixtureReport;
  const t = manifest.totals;
  process.stdout.write(
    [
      `${config.name}: ${t.shards} shard(s) in ${out} (${manifest.shards.length - 1} train + val ${manifest.val}), ${t.documents.toLocaleString("en-US")} docs, ${t.characters.toLocaleString("en-US")} chars, ${(t.fileBytes / 1e6).toFixed(2)} MB`,
      `target ${Math.round(r.requestedChars).toLocaleString("en-US")} chars` + (r.limitedBy ? `, capped to ${r.targetChars.toLocaleString("en-US")} by '${r.limitedBy}'` : "") + `; train ${r.trainChars.toLocaleString("en-US")} chars, val ${r.valDocs} docs / ${r.valChars.toLocaleString("en-US")} chars` + (r.valCopiesDropped ? ` (${r.valCopiesDropped} copies of val docs kept out of train)` : "") + `; seed ${r.seed}`,
      "",
      mixtureTable(r),
    ].join("\n") + "\n",
  );
  return 0;
}
