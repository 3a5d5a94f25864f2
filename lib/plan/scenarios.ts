// The guide's §4 scenarios, from the guide's own inputs, and again with the true parameter counts.
// The guide computes shards with no headroom (§4.1 "16.66B / 250M = 67 shards"), so margin 0 here;
// its parameter figures are off (guide-errata.md item 9): 238M → 283,246,592 (d16, V 40,000),
// ≈530M → 521,216,000 (d20, V 50,000), ≈70M → 55,885,824 (d8, V 30,000).
import { planShards, type ShardPlan } from "./shards";

export interface ShardScenario {
  name: string;
  section: string;
  description: string;
  depth: number;
  vocabSize: number;
  /** the parameter count the guide uses */
  guideParams: number;
  ratio: number;
  charsPerToken: number;
  lang: string;
  /** the languages behind the guide's chars/token, as shares of the tokens (to redo it with measured values) */
  mix: { zh: number; en: number };
  /** what the guide prints */
  guideTokens: number;
  guideChars: number;
  guideShards: number;
}

export const GUIDE_SCENARIOS: readonly ShardScenario[] = [
  {
    name: "d16-chinese",
    section: "guide §4.1",
    description: "pure Chinese project, d16, vocab 40,000, ratio 25, 2.8 chars/token",
    depth: 16,
    vocabSize: 40_000,
    guideParams: 238e6,
    ratio: 25,
    charsPerToken: 2.8,
    lang: "zh",
    mix: { zh: 1, en: 0 },
    guideTokens: 5.95e9,
    guideChars: 16.66e9,
    guideShards: 67,
  },
  {
    name: "d20-bilingual",
    section: "guide §4.2",
    description: "Chinese–English bilingual, d20, vocab 50,000, ratio 25, 3.6 chars/token (mixed)",
    depth: 20,
    vocabSize: 50_000,
    guideParams: 530e6,
    ratio: 25,
    charsPerToken: 3.6,
    lang: "mixed",
    mix: { zh: 0.5, en: 0.5 },
    guideTokens: 13.25e9,
    guideChars: 47.7e9,
    guideShards: 191,
  },
  {
    name: "d8-single-gpu",
    section: "guide §4.3",
    description: "small Chinese experiment on one 24 GB GPU, d8, vocab 30,000, ratio 20, 2.5 chars/token",
    depth: 8,
    vocabSize: 30_000,
    guideParams: 70e6,
    ratio: 20,
    charsPerToken: 2.5,
    lang: "zh",
    mix: { zh: 1, en: 0 },
    guideTokens: 1.4e9,
    guideChars: 3.5e9,
    guideShards: 14,
  },
];

export interface ScenarioPlans {
  scenario: ShardScenario;
  /** from the guide's own inputs (its parameter figure) */
  asPrinted: ShardPlan;
  /** the same with nanochat v1's exact parameter count for depth and vocab */
  recomputed: ShardPlan;
  /** exact parameters and measured chars/token per language (when given), split by the scenario's mix */
  measured?: ShardPlan;
}

/**
 * The guide's §4 scenarios: as printed, with the exact parameter count, and (given chars/token per
 * language, e.g. {zh: 0.86, en: 4.4} measured with a tokenizer) with measured values too.
 */
export function scenarioPlans(margin = 0, measuredCharsPerToken?: { zh: number; en: number }): ScenarioPlans[] {
  return GUIDE_SCENARIOS.map((s) => {
    const common = { ratio: s.ratio, charsPerToken: s.charsPerToken, lang: s.lang, margin };
    const out: ScenarioPlans = {
      scenario: s,
      asPrinted: planShards({ params: s.guideParams, ...common }),
      recomputed: planShards({ depth: s.depth, vocabSize: s.vocabSize, ...common }),
    };
    if (measuredCharsPerToken) {
      const mix = (["zh", "en"] as const).filter((l) => s.mix[l] > 0).map((l) => ({ lang: l, weight: s.mix[l], charsPerToken: measuredCharsPerToken[l] }));
      out.measured = planShards({ depth: s.depth, vocabSize: s.vocabSize, ratio: s.ratio, mix, margin });
    }
    return out;
  });
}

/** One line of the scenario table: a scenario under one set of inputs, and how it compares with the guide. */
export interface ScenarioRow {
  scenario: string;
  inputs: string;
  params: number;
  tokens: number;
  chars_per_token: number;
  chars: number;
  /** UTF-8 bytes; null when the guide's language is "mixed" with no split */
  utf8_bytes: number | null;
  shards: number;
  guide_shards: number;
  vs_guide: string;
}

function mark(shards: number, guide: number, why: string): string {
  if (shards === guide) return "✓ same";
  const pct = (100 * (shards - guide)) / guide;
  return `✗ ${shards - guide > 0 ? "+" : ""}${shards - guide} (${pct > 0 ? "+" : ""}${pct.toFixed(0)}%): ${why}`;
}

/** The scenarios as table rows: as printed (the guide's arithmetic checked), recomputed, measured. */
export function scenarioRows(plans: readonly ScenarioPlans[]): ScenarioRow[] {
  return plans.flatMap((p) => {
    const s = p.scenario;
    const row = (inputs: string, plan: ShardPlan, why: string): ScenarioRow => ({
      scenario: `${s.name} (${s.section})`,
      inputs,
      params: plan.params ?? 0,
      tokens: plan.tokens,
      chars_per_token: plan.chars_per_token,
      chars: plan.chars,
      utf8_bytes: plan.parts.some((x) => x.lang === "mixed") ? null : plan.bytes,
      shards: plan.shards,
      guide_shards: s.guideShards,
      vs_guide: mark(plan.shards, s.guideShards, why),
    });
    const printed = row(`guide's own: ${(s.guideParams / 1e6).toFixed(0)}M params, ${s.charsPerToken} chars/token`, p.asPrinted, "the guide's arithmetic does not follow its own inputs");
    const rows = [
      printed,
      row(`exact params (V ${s.vocabSize.toLocaleString("en-US")}), guide's ${s.charsPerToken} chars/token`, p.recomputed, `true parameter count ${(p.recomputed.params ?? 0).toLocaleString("en-US")} (errata 9)`),
    ];
    if (p.measured) {
      const cpt = p.measured.parts.map((x) => `${x.lang} ${x.chars_per_token.toFixed(2)}`).join(", ");
      rows.push(row(`exact params, measured chars/token (${cpt})`, p.measured, "exact params and measured chars/token (errata 6, 9)"));
    }
    return rows;
  });
}
