// --help text generated from a command's spec (cli/spec.ts): synopsis, summary, options in two columns, notes.
import type { CommandSpec, GroupSpec, OptionSpec } from "./spec";

/** Does argv ask for help (--help or -h before any "--")? */
export function wantsHelp(argv: string[]): boolean {
  const end = argv.indexOf("--");
  return (end < 0 ? argv : argv.slice(0, end)).some((a) => a === "--help" || a === "-h");
}

function placeholder(s: OptionSpec): string {
  if (s.type === "boolean") return "";
  if (s.arg) return s.arg;
  if (s.choices) return s.choices.join("|");
  return s.type === "int" || s.type === "number" ? "N" : s.type === "path" ? "PATH" : "VALUE";
}

function synopsis(spec: CommandSpec): string {
  if (spec.usage !== undefined) return spec.usage;
  const parts = (spec.positionals ?? []).map((p) => (p.choices ? p.choices.join("|") : p.name.toUpperCase()));
  for (const [k, s] of Object.entries(spec.options)) if (s.required) parts.push(`--${k} ${placeholder(s)}`.trim());
  parts.push("[options]");
  return parts.join(" ");
}

/** Two columns: labels, then the help (its continuation lines indented under it). */
export function columns(rows: [string, string][], indent = "  "): string {
  const width = Math.min(24, Math.max(...rows.map(([l]) => l.length)) + 2);
  const pad = indent + " ".repeat(width);
  return rows
    .map(([label, text]) => {
      const [first, ...rest] = text.split("\n");
      const head = label.length + 1 >= width ? `${indent}${label}\n${pad}${first}` : `${indent}${label.padEnd(width)}${first}`;
      return [head, ...rest.map((r) => pad + r)].join("\n");
    })
    .join("\n");
}

/** The command's --help, generated from its spec. */
export function helpText(spec: CommandSpec): string {
  const rows: [string, string][] = (spec.positionals ?? []).map((p) => [p.choices ? p.choices.join("|") : p.name.toUpperCase(), p.help]);
  for (const [k, s] of Object.entries(spec.options)) {
    let text = s.help;
    if (s.default !== undefined && !/default/.test(text)) text += ` (default ${s.default})`;
    if (s.repeatable && !/repeat/.test(text)) text += "; repeatable";
    rows.push([`${s.short ? `-${s.short}, ` : ""}--${k} ${placeholder(s)}`.trimEnd(), text]);
  }
  rows.push(["-h, --help", "this help"]);
  const lines = [`usage: nanozh ${spec.name} ${synopsis(spec)}`, "", `${spec.summary}`, "", columns(rows)];
  if (spec.notes) lines.push("", spec.notes);
  return lines.join("\n");
}

/** A group's --help: its subcommands with their summaries. */
export function groupHelp(group: GroupSpec): string {
  const subs = Object.keys(group.subcommands);
  const lines = [
    `usage: nanozh ${group.name} ${subs.join("|")} [options]   (nanozh ${group.name} ${(group.noun ?? "subcommand").toUpperCase()} --help for its options)`,
    "",
    group.summary,
    "",
    columns(Object.entries(group.subcommands).map(([k, s]) => [k, s.summary])),
  ];
  if (group.notes) lines.push("", group.notes);
  return lines.join("\n");
}

/** The help that argv asks for (`--help`, `SUB --help`), or null: lets nanozh print it without loading the command. */
export function helpFor(spec: CommandSpec | GroupSpec, argv: string[]): string | null {
  if (!("subcommands" in spec)) return wantsHelp(argv) ? helpText(spec) : null;
  const [sub, ...rest] = argv;
  if (sub === "--help" || sub === "-h" || sub === "help") return groupHelp(spec);
  const s = sub === undefined ? undefined : spec.subcommands[sub];
  return s && wantsHelp(rest) ? helpText(s) : null;
}
