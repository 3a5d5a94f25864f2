// Clean one document: drop boilerplate lines (counted), then run the quality rules; a rejected
// document carries the rule that dropped it with the measured value and the threshold.
import { removeBoilerplateLines } from "./boilerplate";
import { DEFAULT_QUALITY, DocFeatures, minChars, QUALITY_RULES, type QualityConfig, type RuleFailure } from "./quality";

export interface CleanOptions {
  /** Threshold overrides on top of DEFAULT_QUALITY. */
  config?: Partial<QualityConfig>;
  /** Remove boilerplate lines before the rules. Default true. */
  boilerplate?: boolean;
  /** Rules to skip, by name. */
  skipRules?: string[];
}

export interface CleanResult {
  kept: boolean;
  /** The text after boilerplate lines were removed. */
  text: string;
  boilerplateLines: number;
  failure?: RuleFailure;
}

export function resolveQualityConfig(overrides: Partial<QualityConfig> = {}): QualityConfig {
  return { ...DEFAULT_QUALITY, ...overrides };
}

/** Build a cleaner once, call it per document. */
export function makeCleaner(options: CleanOptions = {}): (text: string) => CleanResult {
  const config = resolveQualityConfig(options.config);
  const skip = new Set(options.skipRules ?? []);
  const rules = QUALITY_RULES.filter((r) => !skip.has(r.name));
  const boiler = options.boilerplate !== false;
  const checkMinChars = rules.some((r) => r.name === "min_chars");
  return (input: string): CleanResult => {
    let text = input;
    let boilerplateLines = 0;
    // too short even before boilerplate removal (which only shrinks): drop without looking for
    // boilerplate; the value is measured on the text as given
    if (checkMinChars && input.length < config.minChars) {
      const failure = minChars(new DocFeatures(input), config);
      if (failure) return { kept: false, text: input, boilerplateLines: 0, failure };
    }
    if (boiler) {
      const b = removeBoilerplateLines(input);
      text = b.text;
      boilerplateLines = b.removed;
    }
    const d = new DocFeatures(text);
    for (const r of rules) {
      const failure = r.check(d, config);
      if (failure) return { kept: false, text, boilerplateLines, failure };
    }
    return { kept: true, text, boilerplateLines };
  };
}

export function cleanDocument(text: string, options: CleanOptions = {}): CleanResult {
  return makeCleaner(options)(text);
}

/** Counts per rule and a few examples; `add` each result. */
export class CleanStats {
  docs = 0;
  kept = 0;
  boilerplateLines = 0;
  byRule: Record<string, number> = {};
  examples: Record<string, { value: number | string; threshold: number | string; excerpt: string }[]> = {};

  add(r: CleanResult, excerptChars = 80): void {
    this.docs++;
    this.boilerplateLines += r.boilerplateLines;
    if (r.kept) {
      this.kept++;
      return;
    }
    const f = r.failure!;
    this.byRule[f.rule] = (this.byRule[f.rule] ?? 0) + 1;
    const ex = (this.examples[f.rule] ??= []);
    if (ex.length < 3) ex.push({ value: f.value, threshold: f.threshold, excerpt: r.text.slice(0, excerptChars).replace(/\n/g, "⏎") });
  }

  toJSON(): { docs: number; kept: number; rejected: number; boilerplateLines: number; byRule: Record<string, number>; examples: CleanStats["examples"] } {
    return { docs: this.docs, kept: this.kept, rejected: this.docs - this.kept, boilerplateLines: this.boilerplateLines, byRule: this.byRule, examples: this.examples };
  }
}
