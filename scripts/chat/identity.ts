// The identity conversations of data/chat/identity.jsonl: written for nanochat-zh (MIT, like the
// repository), in the themes of the files beside this one, in this order. Issue 10's nanochat kit
// exports the same file as identity_conversations.jsonl (nanochat's CustomJSON task).
import type { ChatMessage } from "./sources";
import { SELF } from "./identity-self";
import { GREETINGS } from "./identity-greetings";
import { TOOLKIT } from "./identity-toolkit";
import { POEMS } from "./identity-poems";
import { ENGLISH } from "./identity-english";

export const IDENTITY_THEMES: { name: string; turns: string[][] }[] = [
  { name: "identity-self", turns: SELF },
  { name: "identity-greetings", turns: GREETINGS },
  { name: "identity-toolkit", turns: TOOLKIT },
  { name: "identity-poems", turns: POEMS },
  { name: "identity-english", turns: ENGLISH },
];

export const IDENTITY_RULE =
  "every conversation of scripts/chat/identity-{self,greetings,toolkit,poems,english}.ts in that order (written for this project; " +
  "poem lines quoted from public-domain classical poetry, Lu Xun, Austen, Carroll and Shakespeare); turns alternate user/assistant from user";

/** Turns (user first, alternating) → messages; refuses an odd count, an empty or untrimmed turn, naming the theme and index. */
export function turnsToMessages(turns: string[], where: string): ChatMessage[] {
  if (turns.length < 2 || turns.length % 2 !== 0) throw new Error(`${where}: ${turns.length} turns; need an even number ≥ 2 (user, assistant, …)`);
  return turns.map((content, i) => {
    if (content.trim() === "" || content.trim() !== content) throw new Error(`${where}: turn ${i} is empty or has surrounding whitespace`);
    return { role: i % 2 === 0 ? "user" : "assistant", content };
  });
}

export function identityConversations(): ChatMessage[][] {
  const out: ChatMessage[][] = [];
  for (const t of IDENTITY_THEMES) t.turns.forEach((turns, i) => out.push(turnsToMessages(turns, `scripts/chat/${t.name}.ts#${i}`)));
  return out;
}
