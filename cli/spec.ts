// One declaration per command: options (type, default, range, choices, help), positionals and
// subcommands. From it come the parser (over node:util parseArgs), the --help text and the usage
// errors, which exit 2 and name the option ("--vocab must be an integer in [256, 4194304], got 1e9").
import { parseArgs } from "node:util";
import { groupHelp, helpText, wantsHelp } from "./help";

export type OptionType = "string" | "path" | "int" | "number" | "boolean" | "enum";

export interface OptionSpec {
  type: OptionType;
  help: string;
  /** placeholder in the help, e.g. DIR or N (default: from the type) */
  arg?: string;
  default?: string | number | boolean;
  required?: boolean;
  min?: number;
  max?: number;
  /** min / max themselves are refused */
  minExclusive?: boolean;
  maxExclusive?: boolean;
  /** the accepted values (enum, or a string option with a fixed set); "name:N" also accepts name:<integer ≥ 1> */
  choices?: readonly string[];
  repeatable?: boolean;
  short?: string;
}

export type Options = Record<string, OptionSpec>;

export interface PositionalSpec {
  name: string;
  help: string;
  choices?: readonly string[];
}

export interface CommandSpec<O extends Options = Options> {
  /** "train", or "tok train" for a subcommand */
  name: string;
  summary: string;
  /** the synopsis after "nanozh NAME" (default: the positionals, the required options, [options]) */
  usage?: string;
  positionals?: readonly PositionalSpec[];
  options: O;
  /** text after the option list */
  notes?: string;
}

export interface GroupSpec {
  name: string;
  summary: string;
  /** what a subcommand is called in errors: "subcommand" (default), "target", "benchmark" */
  noun?: string;
  subcommands: Record<string, CommandSpec>;
  notes?: string;
}

/** A usage error: exit 2, the message, and a pointer to the command's --help. */
export class UsageError extends Error {
  constructor(message: string, readonly command?: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** Declare a command: the option types stay literal, so parse() returns typed values. */
export function command<const O extends Options>(spec: CommandSpec<O>): CommandSpec<O> {
  return spec;
}

/** Declare a block of options shared by several commands. */
export function options<const O extends Options>(o: O): O {
  return o;
}

type Base<S extends OptionSpec> = S["type"] extends "boolean"
  ? boolean
  : S["type"] extends "int" | "number"
    ? number
    : S extends { type: "enum"; choices: readonly (infer C)[] }
      ? C
      : string;
type Value<S extends OptionSpec> = S extends { repeatable: true } ? Base<S>[] : Base<S>;
export type Values<O extends Options> = {
  -readonly [K in keyof O]: O[K] extends { default: string | number | boolean } | { required: true } ? Value<O[K]> : Value<O[K]> | undefined;
};

export interface Parsed<O extends Options> {
  values: Values<O>;
  positionals: string[];
}

function describeRange(s: OptionSpec): string {
  const lo = s.min, hi = s.max;
  if (lo !== undefined && hi !== undefined) return ` in ${s.minExclusive ? "(" : "["}${lo}, ${hi}${s.maxExclusive ? ")" : "]"}`;
  if (lo !== undefined) return ` ${s.minExclusive ? ">" : "≥"} ${lo}`;
  if (hi !== undefined) return ` ${s.maxExclusive ? "<" : "≤"} ${hi}`;
  return "";
}

/** What the option accepts, for the error message: "an integer in [1, 64]". */
export function expected(s: OptionSpec): string {
  return `${s.type === "int" ? "an integer" : "a number"}${describeRange(s)}`;
}

function toNumber(flag: string, raw: string, s: OptionSpec): number {
  const text = raw.replace(/_/g, "");
  const v = Number(text);
  const ok =
    text.trim() !== "" &&
    Number.isFinite(v) &&
    (s.type !== "int" || Number.isInteger(v)) &&
    (s.min === undefined || (s.minExclusive ? v > s.min : v >= s.min)) &&
    (s.max === undefined || (s.maxExclusive ? v < s.max : v <= s.max));
  if (!ok) throw new UsageError(`--${flag} must be ${expected(s)}, got ${Number.isFinite(v) && text.trim() !== "" ? raw : `'${raw}'`}`);
  return v;
}

/** Is `raw` one of `choices`? A choice "name:N" also admits "name:<integer ≥ 1>". */
export function inChoices(raw: string, choices: readonly string[]): boolean {
  return choices.some((c) => c === raw || (c.endsWith(":N") && new RegExp(`^${c.slice(0, -2)}:[1-9]\\d*$`).test(raw)));
}

function convert(flag: string, raw: string | boolean, s: OptionSpec): string | number | boolean {
  if (typeof raw === "boolean") return raw;
  if (s.type === "int" || s.type === "number") return toNumber(flag, raw, s);
  if (s.choices && !inChoices(raw, s.choices)) throw new UsageError(`--${flag} must be one of ${s.choices.join(", ")}, got '${raw}'`);
  return raw;
}

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

function parseError(err: Error & { code?: string }, spec: CommandSpec): UsageError {
  const m = /^Unknown option '(-{1,2}[^']*)'/.exec(err.message);
  if (err.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && m) {
    const name = m[1].replace(/^-+/, "");
    const near = Object.keys(spec.options).filter((o) => distance(o, name) <= (name.length <= 3 ? 1 : 2));
    return new UsageError(`unknown option '${m[1]}'${near.length ? ` (did you mean ${near.map((o) => `--${o}`).join(" or ")}?)` : ""}`, spec.name);
  }
  return new UsageError(err.message.replace(/^Option/, "option"), spec.name);
}

/** Parse argv by the spec. With --help (or -h) the help goes to stdout and the result is null. */
export function parse<O extends Options>(spec: CommandSpec<O>, argv: string[]): Parsed<O> | null {
  if (wantsHelp(argv)) {
    process.stdout.write(helpText(spec) + "\n");
    return null;
  }
  const config: Record<string, { type: "string" | "boolean"; multiple?: boolean; short?: string }> = {};
  for (const [k, s] of Object.entries(spec.options)) config[k] = { type: s.type === "boolean" ? "boolean" : "string", ...(s.repeatable ? { multiple: true } : {}), ...(s.short ? { short: s.short } : {}) };
  let raw: ReturnType<typeof parseArgs>;
  try {
    raw = parseArgs({ args: argv, options: config, strict: true, allowPositionals: true });
  } catch (err) {
    throw parseError(err as Error, spec);
  }
  const values: Record<string, unknown> = {};
  try {
    for (const [k, s] of Object.entries(spec.options)) {
      const given = raw.values[k];
      if (given !== undefined) values[k] = Array.isArray(given) ? given.map((g) => convert(k, g, s)) : convert(k, given, s);
    }
  } catch (err) {
    throw err instanceof UsageError ? new UsageError(err.message, spec.name) : err;
  }
  const want = spec.positionals ?? [];
  const got = raw.positionals;
  if (got.length > want.length) throw new UsageError(`unexpected argument '${got[want.length]}'`, spec.name);
  want.forEach((p, i) => {
    if (got[i] === undefined) throw new UsageError(`missing ${p.name}${p.choices ? ` (${p.choices.join(" or ")})` : ""}`, spec.name);
    if (p.choices && !p.choices.includes(got[i])) throw new UsageError(`${p.name} must be one of ${p.choices.join(", ")}, got '${got[i]}'`, spec.name);
  });
  const missing: string[] = [];
  for (const [k, s] of Object.entries(spec.options)) {
    if (values[k] !== undefined) continue;
    if (s.default !== undefined) values[k] = s.repeatable ? [s.default] : s.default;
    else if (s.required) missing.push(`--${k}`);
  }
  if (missing.length === 1) throw new UsageError(`${missing[0]} is required`, spec.name);
  if (missing.length > 1) throw new UsageError(`${missing.slice(0, -1).join(", ")} and ${missing[missing.length - 1]} are required`, spec.name);
  return { values: values as Values<O>, positionals: got };
}

/** The subcommand and its arguments; null after printing the group's help for --help. */
export function subcommand(group: GroupSpec, argv: string[]): [string, string[]] | null {
  const [sub, ...rest] = argv;
  const noun = group.noun ?? "subcommand";
  if (sub === "--help" || sub === "-h" || sub === "help") {
    process.stdout.write(groupHelp(group) + "\n");
    return null;
  }
  const known = Object.keys(group.subcommands);
  if (sub === undefined) throw new UsageError(`missing ${noun} (${known.join(", ")})`, group.name);
  if (!known.includes(sub)) throw new UsageError(`unknown ${noun} '${sub}' (known: ${known.join(", ")})`, group.name);
  return [sub, rest];
}

