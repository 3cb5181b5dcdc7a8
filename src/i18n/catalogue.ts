// Every message the tool shows goes through this catalogue. English is the reference;
// zh-CN must carry exactly the same keys and placeholders (a test proves it).
import { en } from "./en.js";

export type MessageKey = keyof typeof en;
export { format, plural, translate } from "./phrase.js";
export type { MessageParam, MessageParams, Phrase, PluralBase } from "./phrase.js";
export type Messages = Record<MessageKey, string>;
export type Lang = "en" | "zh-CN";

export async function loadMessages(lang: Lang): Promise<Messages> {
  if (lang === "zh-CN") return (await import("./zh-CN.js")).zhCN;
  return en;
}

/** A zh locale (zh_CN.UTF-8, zh-Hans, zh_TW…) gives Simplified Chinese; anything else English. */
export function langFromEnv(env: Record<string, string | undefined>): Lang {
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((value) => value && value.length > 0);
  return locale && /^zh([_.@-]|$)/i.test(locale) ? "zh-CN" : "en";
}

export function parseLang(value: string): Lang | undefined {
  const v = value.trim().toLowerCase();
  if (v === "en" || v.startsWith("en-") || v.startsWith("en_")) return "en";
  if (v === "zh" || v === "zh-cn" || v === "zh_cn" || v === "zh-hans") return "zh-CN";
  return undefined;
}
