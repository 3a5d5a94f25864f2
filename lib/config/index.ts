// Front door of the config stage: load and validate configs/*.yaml against the one schema, with
// defaults applied, and derive what a config implies (size, shards, memory).
export { loadConfig, parseConfig, validateConfig, ConfigError, type ConfigIssue } from "./load";
export { CONFIG_SCHEMA } from "./schema";
export { HARDWARE_DEFAULTS, TOKENIZER_DEFAULTS, DATA_DEFAULTS, CHAT_DEFAULTS, CHAT_INIT_LR_FRAC, trainingDefaults } from "./defaults";
export { widthOf, sizeForConfig, shardPlanForConfig, memoryForConfig, configFiles, configSummary, type ConfigMemory, type ConfigSummary } from "./derive";
export type { NanozhConfig, ModelConfig, TrainingConfig, HardwareConfig, TokenizerConfig, DataConfig, MixEntry, SourceEntry, SourceFormat, ChatConfig, ChatTaskConfig, ChatTaskFormat } from "./types";
