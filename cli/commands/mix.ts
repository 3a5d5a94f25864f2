// nanozh mix — a config's weighted sources → shuffled train shards + a val shard (sorts last) + manifest.
import path from "node:path";
import { numberOption, parseOptions, printJson, requireOption } from "../args";
import { loadConfig } from "../../lib/config";
import { buildMixture, mixtureTable, plannedChars, type MixtureReport } from "../../lib/data";

const USAGE = `usage: nanozh mix --config configs/NAME.yaml --out DIR [options]

  --config FILE        project config (data.sources with weights by characters, data.val_docs, …)
  --out DIR            output folder for shard_*.parquet and manifest.json
  --target-chars N     characters to write, train + val (default: the config's shard plan, with margin)
  --max-repeat N       most epochs of a small source when upsampling (default 4)
  --seed N             shuffle / sampling seed (default: data.seed)
  --overwrite          replace existing shards in --out (the new set is written in a folder beside
                       it and swapped in whole when complete: a failed or killed run leaves the old set)
  --json               print the manifest as JSON`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseOptions(argv, {
    config: { type: "string" },
    out: { type: "string" },
    "target-chars": { type: "string" },
    "max-repeat": { type: "string" },
    seed: { type: "string" },
    overwrite: { type: "boolean" },
    json: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    process.stdout.write(USAGE + "\n");
    return 0;
  }
  const config = loadConfig(requireOption(values.config, "config"));
  const out = path.resolve(requireOption(values.out, "out"));
  const targetChars = numberOption(values["target-chars"], "target-chars", { integer: true, positive: true });
  const planned = plannedChars(config);
  if (targetChars === undefined && planned !== undefined) process.stderr.write(`mix: target from the config's plan: ${Math.round(planned).toLocaleString("en-US")} chars (with margin ${config.data.margin})\n`);
  const manifest = await buildMixture(config, out, {
    targetChars,
    overwrite: values.overwrite,
    maxRepeat: numberOption(values["max-repeat"], "max-repeat", { positive: true }),
    seed: numberOption(values.seed, "seed", { integer: true }),
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
