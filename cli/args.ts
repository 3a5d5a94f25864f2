// Small helpers over node:util parseArgs for the commands: strict options, clear errors.
import { parseArgs, type ParseArgsConfig } from "node:util";

export type OptionSpec = NonNullable<ParseArgsConfig["options"]>;

/** Parse argv strictly; unknown options and missing values are errors that name the option. */
export function parseOptions<T extends OptionSpec>(argv: string[], options: T, allowPositionals = false) {
  return parseArgs({ args: argv, options, strict: true, allowPositionals });
}

/** A number option: finite, optionally an integer and/or positive; the error names the flag. */
export function numberOption(
  raw: string | undefined,
  flag: string,
  opts: { integer?: boolean; positive?: boolean; min?: number } = {},
): number | undefined {
  if (raw === undefined) return undefined;
  const text = raw.replace(/_/g, "");
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value)) throw new Error(`--${flag}: '${raw}' is not a number`);
  if (opts.integer && !Number.isInteger(value)) throw new Error(`--${flag}: '${raw}' is not an integer`);
  if (opts.positive && value <= 0) throw new Error(`--${flag}: must be > 0, got ${raw}`);
  if (opts.min !== undefined && value < opts.min) throw new Error(`--${flag}: must be ≥ ${opts.min}, got ${raw}`);
  return value;
}

export function requireOption<V>(value: V | undefined, flag: string): V {
  if (value === undefined) throw new Error(`--${flag} is required`);
  return value;
}

/** Print a value as pretty JSON on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + "\n");
}
