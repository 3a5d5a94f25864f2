// Conversations as every reader returns them and the renderer takes them (nanochat-reference §6).
// `source` ("file:line") travels with a conversation so any later error can point at the input.

export type Role = "system" | "user" | "assistant";

export interface Message {
  role: Role;
  content: string;
}

export interface Conversation {
  messages: Message[];
  /** "file:line" (or "file#index"): named in every error about this conversation */
  source: string;
  /** the mixture task it came from (set by buildChatMixture) */
  task?: string;
}

/**
 * Why the role order is wrong, or null when it is right: an optional system message first, then
 * user, assistant, user, … strictly alternating, starting with user (nanochat render_conversation).
 * A final user turn without an answer is allowed, as nanochat allows it.
 */
export function roleOrderProblem(messages: readonly Message[]): string | null {
  if (messages.length === 0) return "no messages";
  const start = messages[0].role === "system" ? 1 : 0;
  if (start === 1 && messages.length === 1) return "only a system message";
  for (let i = start; i < messages.length; i++) {
    const want: Role = (i - start) % 2 === 0 ? "user" : "assistant";
    if (messages[i].role !== want) return `message ${i} has role '${messages[i].role}', expected '${want}' (roles alternate user/assistant starting with user; a system message may only come first)`;
  }
  return null;
}

/** Throws, naming the conversation's source, when the role order is wrong. */
export function checkRoleOrder(conv: Conversation): void {
  const p = roleOrderProblem(conv.messages);
  if (p) throw new Error(`${conv.source}: ${p}`);
}
