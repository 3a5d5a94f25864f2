// Front door of the data stage: read corpora (txt, JSONL, CSV, JSON, parquet), write nanochat-format
// parquet shards with a manifest, and build weighted, shuffled mixtures with a validation shard.
export { readCorpus, collectCorpus, sampleCorpus, readFile, formatForFile } from "./corpus";
export { expandGlob } from "./glob";
export { newReadStats, codePointLength, type Doc, type CorpusFormat, type TextMode, type ReadOptions, type ReadStats } from "./types";
export { CsvParser, parseCsv, readCsvRecords, type CsvRecord } from "./csv";
export { JsonArraySplitter } from "./readJson";
export { readParquetRowGroups, readParquetHead } from "./readParquet";
export { scanInvalidUtf8 } from "./utf8";
export { ShardWriter, shardFileName, listShardFiles, DEFAULT_CHARS_PER_SHARD, ROW_GROUP_DOCS, type ShardInfo, type ShardWriterOptions, type Split, type SourceCount } from "./shardWriter";
export { type ShardCompression } from "./rowGroup";
export { writeShards, type WriteShardsOptions } from "./writeShards";
export { beginShardSet, commitShardSet, discardShardSet, isShardSetFile } from "./shardSet";
export { readManifest, type ShardManifest } from "./manifest";
export { buildMixture, mixtureTable, plannedChars, type MixtureConfig, type BuildMixtureOptions, type MixtureReport, type MixtureSourceReport } from "./mixture";
export { effectiveWeights, planMixture, tokenSharesForCharShares, withLangShares, type MixSourceSpec, type MixLangSpec, type MixturePlan } from "./mixturePlan";
export { mulberry32, ShuffleBuffer } from "./rng";
export { takeTexts, trainShardGroups, readTrainingTexts } from "./trainingTexts";
