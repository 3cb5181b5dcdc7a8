// Every message the tool shows goes through this catalogue. English is the reference;
// zh-CN must carry exactly the same keys and placeholders (a test proves it).
import type { en } from "./en.js";

export type MessageKey = keyof typeof en;
export { format, plural, translate } from "./phrase.js";
export type { MessageParam, MessageParams, Phrase, PluralBase } from "./phrase.js";
export type { Lang } from "./lang.js";
export { langFromEnv, parseLang } from "./lang.js";

/** One language's messages, looked up by key (the built CLI parses each topic when first asked). */
export interface Messages {
  text(key: MessageKey): string | undefined;
}

/** A language's catalogue as one object: every key and its message. */
export type Catalogue = Readonly<Record<MessageKey, string>>;

/** The messages of a catalogue held as one object (the source's, and the tests'). */
export function messagesOf(catalogue: Catalogue): Messages {
  return { text: (key) => (Object.hasOwn(catalogue, key) ? catalogue[key] : undefined) };
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
