// lib/chat — chat data and fine-tuning (nanochat-reference §6): conversations from several formats,
// nanochat's rendering with the loss mask, a weighted task mixture, and SFT / mid-training batches.
//   const mix = buildChatMixture(cfg.chat.tasks, { seed: 42, valShare: 0.05 })
//   const rows = mix.train.map((c) => renderConversation(tok, c, T + 1))
//   const batches = sftBatches(rows, 4, T, tok.specialId("<|assistant_end|>"))
export { roleOrderProblem, checkRoleOrder, type Role, type Message, type Conversation } from "./types";
export { renderConversation, renderForCompletion, chatSpecials, MAX_CHAT_TOKENS, type Rendered, type ChatSpecials } from "./render";
export { readCustomJson } from "./readers/customJson";
export { readAlpaca } from "./readers/alpaca";
export { readShareGpt } from "./readers/shareGpt";
export { readOasst } from "./readers/oasst";
export { readTranslationPairs, ZH_EN_TEMPLATES, EN_ZH_TEMPLATES, type PairDirections, type PairOptions } from "./readers/translationPairs";
export { buildChatMixture, readChatTask, type ChatFormat, type ChatTaskSpec, type ChatTaskStats, type ChatMixture, type ChatMixtureOptions } from "./mixture";
export { sftBatches, packedBatches, type ChatBatch, type SftBatchOptions } from "./batches";
// (other lib/chat files — sft, chat, mcPractice — add their export lines below)
export { mcPractice, readMcDev } from "./mcPractice";
export { sft, sftLogCsv, type SftOptions, type SftSummary, type SftEvent, type SftLogRow } from "./sft";
export { sftData, valBatches, taskSpecs, type SftData } from "./sftData";
export { chatSettings, type ChatSettings, type ChatOverrides } from "./sftSettings";
export { chatLrMultiplier, sftLrMultiplier, midLrMultiplier, MID_WARMDOWN_START, type ChatMode } from "./sftSchedule";
export { chatValLoss, type ChatValLoss } from "./sftEval";
export { chatReply, chatPrompt, ChatSession, type ChatOptions, type ReplyEnd } from "./chat";
export { maskedTokens, maskHtml, maskText, type MaskedToken } from "./maskView";
