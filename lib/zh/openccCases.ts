// OpenCC's official conversion cases (BYVoid/OpenCC testcases.json, in ../shared/data/zh_trad/opencc)
// run through opencc-js: pass counts per config and every case that differs.
import fs from "node:fs";
import path from "node:path";
import { sharedDataDir } from "../util/paths";
import { convertScript, isOpenCCConfig, type OpenCCConfig } from "./script";

export interface OpenCCCase {
  id: string;
  input: string;
  expected: Record<string, string>;
}

export interface OpenCCCaseFailure {
  id: string;
  config: string;
  input: string;
  expected: string;
  actual: string;
}

export interface OpenCCCaseReport {
  perConfig: Record<string, { cases: number; passed: number }>;
  failures: OpenCCCaseFailure[];
  /** Configs in the file that opencc-js does not offer (none for opencc-js 1.4.2). */
  unsupported: string[];
}

export function openccCasesFile(): string {
  return path.join(sharedDataDir(), "zh_trad", "opencc", "testcases.json");
}

/** The file has trailing commas (it is read by a lenient parser upstream): strip them, then parse. */
export function loadOpenCCCases(file = openccCasesFile()): OpenCCCase[] {
  const raw = fs.readFileSync(file, "utf8").replace(/,(\s*[}\]])/g, "$1");
  const parsed = JSON.parse(raw) as { cases?: OpenCCCase[] };
  if (!Array.isArray(parsed.cases)) throw new Error(`${file}: no "cases" array`);
  return parsed.cases;
}

export function runOpenCCCases(cases: OpenCCCase[] = loadOpenCCCases()): OpenCCCaseReport {
  const perConfig: Record<string, { cases: number; passed: number }> = {};
  const failures: OpenCCCaseFailure[] = [];
  const unsupported = new Set<string>();
  for (const c of cases) {
    for (const [config, expected] of Object.entries(c.expected)) {
      if (!isOpenCCConfig(config)) {
        unsupported.add(config);
        continue;
      }
      const s = (perConfig[config] ??= { cases: 0, passed: 0 });
      s.cases++;
      const actual = convertScript(c.input, config as OpenCCConfig);
      if (actual === expected) s.passed++;
      else failures.push({ id: c.id, config, input: c.input, expected, actual });
    }
  }
  return { perConfig, failures, unsupported: [...unsupported] };
}
