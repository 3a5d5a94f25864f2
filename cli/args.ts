// Output helpers for the commands. Parsing, help and usage errors: cli/spec.ts, from cli/specs/.

/** Print a value as pretty JSON on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + "\n");
}
