// Every message the tool shows goes through this catalogue. English is the reference;
// zh-CN must carry exactly the same keys and placeholders (a test proves it).
import { en } from "./en.js";
import type { Lang } from "./lang.js";

export type MessageKey = keyof typeof en;
export { format, plural, translate } from "./phrase.js";
export type { MessageParam, MessageParams, Phrase, PluralBase } from "./phrase.js";
export type Messages = Record<MessageKey, string>;
export type { Lang } from "./lang.js";
export { langFromEnv, parseLang } from "./lang.js";

export async function loadMessages(lang: Lang): Promise<Messages> {
  if (lang === "zh-CN") return (await import("./zh-CN.js")).zhCN;
  return en;
}

/** Sentences as one text: a space between English sentences, none beside Chinese punctuation (。 or （). */
export function sentences(...parts: (string | undefined)[]): string {
  // Full-width punctuation, written as escapes so that this module stays ASCII (see scripts/build.mjs):
  // 。！？；：，、）」』” closing a part, （「『“ opening one.
  const closed = (text: string, part: string) =>
    /[\u3002\uff01\uff1f\uff1b\uff1a\uff0c\u3001\uff09\u300d\u300f\u201d]$/.test(text) || /^[\uff08\u300c\u300e\u201c]/.test(part);
  return parts
    .filter((part): part is string => Boolean(part))
    .reduce((text, part) => (text === "" ? part : closed(text, part) ? `${text}${part}` : `${text} ${part}`), "");
}
