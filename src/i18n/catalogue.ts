// Every message the tool shows goes through this catalogue. English is the reference;
// zh-CN must carry exactly the same keys and placeholders (a test proves it).
import { en } from "./en.js";

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;
export type Lang = "en" | "zh-CN";

/**
 * A message put inside another one and translated with it: an OS error's reason, where a file
 * does not parse, a count with its plural. Errors are built far from the catalogue; a phrase
 * lets them carry words that are only chosen in the reader's language when shown.
 */
export interface Phrase {
  key: MessageKey;
  params?: MessageParams;
}
export type MessageParam = string | number | Phrase;
export type MessageParams = Record<string, MessageParam>;

export async function loadMessages(lang: Lang): Promise<Messages> {
  if (lang === "zh-CN") return (await import("./zh-CN.js")).zhCN;
  return en;
}

/** Replaces {name} placeholders; a missing parameter is left visible rather than hidden. */
export function format(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
}

/** A message with its placeholders filled, phrases among them translated first. */
export function translate(messages: Messages, key: MessageKey, params: MessageParams = {}): string {
  const flat: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(params))
    flat[name] = typeof value === "object" ? translate(messages, value.key, value.params) : value;
  return format(messages[key] ?? key, flat);
}

/** Keys that come as a pair `<base>.one` / `<base>.other`: a message about a count. */
export type PluralBase = {
  [K in MessageKey]: K extends `${infer Base}.other` ? (`${Base}.one` extends MessageKey ? Base : never) : never;
}[MessageKey];

/**
 * The form of a counted message that fits the count: `<base>.one` for exactly 1, else
 * `<base>.other`, with {count} set. English needs both; Chinese words do not change with the
 * number, so its two forms are usually the same text.
 */
export function plural(base: PluralBase, count: number, params: MessageParams = {}): Phrase {
  return { key: `${base}.${count === 1 ? "one" : "other"}` as MessageKey, params: { ...params, count } };
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
