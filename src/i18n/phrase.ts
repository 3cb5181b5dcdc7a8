// Filling in messages: placeholders, phrases inside messages, counted forms. Kept apart from the
// catalogue itself so that a module which only builds a phrase or a count does not load the
// English messages with it (they load once, at start, with the CLI).
import type { MessageKey, Messages } from "./catalogue.js";
import { stripControls } from "../core/terminal-text.js";

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

/**
 * Replaces {name} placeholders; a missing parameter is left visible rather than hidden. Every value
 * is stripped of control characters first (core/terminal-text.ts): parameters carry names, paths,
 * a server's words, so a message can never put an escape sequence on the terminal.
 */
export function format(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? stripControls(String(params[name])) : whole,
  );
}

/** A message with its placeholders filled, phrases among them translated first. */
export function translate(messages: Messages, key: MessageKey, params: MessageParams = {}): string {
  const flat: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(params))
    flat[name] = typeof value === "object" ? translate(messages, value.key, value.params) : value;
  return format(messages.text(key) ?? key, flat);
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
