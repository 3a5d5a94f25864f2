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
}

export function scenarioPlans(margin = 0): ScenarioPlans[] {
  return GUIDE_SCENARIOS.map((s) => {
    const common = { ratio: s.ratio, charsPerToken: s.charsPerToken, lang: s.lang, margin };
    return {
      scenario: s,
      asPrinted: planShards({ params: s.guideParams, ...common }),
      recomputed: planShards({ depth: s.depth, vocabSize: s.vocabSize, ...common }),
    };
  });
}
