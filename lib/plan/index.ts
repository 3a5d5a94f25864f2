// Front door of the plan stage: tokens → characters → bytes → shards, the guide's §4 scenarios,
// shards against a mix ratio, and chars/token measured with tiktoken encodings on real text.
export { planShards, parseMix, checkMix, CHARS_PER_SHARD, DEFAULT_MARGIN, BYTES_PER_CHAR, PARQUET_BYTES_PER_UTF8_BYTE, type LangShare, type ShardPlanInput, type ShardPlan, type LangPart } from "./shards";
export { GUIDE_SCENARIOS, scenarioPlans, scenarioRows, type ShardScenario, type ScenarioPlans, type ScenarioRow } from "./scenarios";
export { shardsVsMix, type MixPoint, type MixSeriesInput } from "./series";
export { measureCharsPerToken, measureDomains, measureSamples, sampleDocuments, readDocuments, countChars, encodingFor, SHARED_DOMAINS, SHARED_DOMAINS_WIDE, bundledDomains, poolByLang, charsPerTokenTable, type CharsPerToken, type EncodingName, type Domain, type DomainMeasurement, type LangMeasurement, type TextSample } from "./measure";
export { planSteps, planPartRows, type PlanStep, type PlanPartRow } from "./table";
export { shardsVsMixFigure, type MixSeries, type Figure } from "./figures";
export { GUIDE_CORPUS_SIZES, guideCorpusRows, type GuideCorpusSize, type GuideCorpusRow } from "./guideCorpus";
