// nanozh — the command line over the library's front doors: parse, call, print.
// Each command is declared in cli/specs/ (options, help) and lives in cli/commands/<name>.ts, which
// exports `run(argv): Promise<number>` (exit code). A usage error (cli/spec.ts UsageError) exits 2.
import { exitQuietlyOnEpipe, isEpipe } from "./epipe";
import { helpFor } from "./help";
import { UsageError } from "./spec";
import { COMMANDS } from "./specs";

function usage(): string {
  const lines = ["usage: nanozh <command> [options]   (nanozh <command> --help for its options)", "", "commands:"];
  for (const [name, c] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(12)} ${c.spec.summary}`);
  return lines.join("\n");
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(usage() + "\n");
    return name ? 0 : 2;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    process.stderr.write(`nanozh: unknown command '${name}'\n\n${usage()}\n`);
    return 2;
  }
  const help = helpFor(entry.spec, rest);
  if (help !== null) {
    process.stdout.write(help + "\n");
    return 0;
  }
  let mod: { run: (argv: string[]) => Promise<number> };
  try {
    mod = await entry.load();
  } catch (err) {
    process.stderr.write(`nanozh ${name}: not available in this build (${(err as Error).message})\n`);
    return 2;
  }
  exitQuietlyOnEpipe(); // `nanozh … | head`: a closed stdout ends the command quietly
  try {
    return await mod.run(rest);
  } catch (err) {
    if (isEpipe(err)) return 0;
    if (err instanceof UsageError) {
      const cmd = err.command ?? name;
      process.stderr.write(`nanozh ${cmd}: ${err.message} (see nanozh ${cmd} --help)\n`);
      return 2;
    }
    const e = err as Error;
    process.stderr.write(`nanozh ${name}: ${e.message}\n`);
    if (process.env.NANOZH_DEBUG) process.stderr.write(`${e.stack}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`nanozh: ${(err as Error).stack}\n`);
    process.exitCode = 1;
  },
);
