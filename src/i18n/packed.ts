// The catalogue as the built CLI ships it: one file a language, whose messages are grouped by
// topic (a key's first word: `doctor` in `doctor.title.app`), each topic one JSON text, parsed
// when one of its messages is first asked for. A run shows messages of a handful of the thirty-odd
// topics; parsing all of them (over 100 KB of JSON) cost every start more than the few it needs.
// The file's first line says where each topic's text is in the rest, in bytes:
// {"topic":[start,end],…}. Only those bytes become text: the file is read as bytes, and a
// run holds the few topics it uses as strings, not the whole catalogue.
import type { MessageKey, Messages } from "./catalogue.js";

/** A key's topic: its first word. */
function topicOf(key: string): string {
  const dot = key.indexOf(".");
  return dot === -1 ? key : key.slice(0, dot);
}

/**
 * The packed file of a catalogue (scripts/build.mjs writes it). `ascii`: characters beyond ASCII
 * as JSON escapes, so that the text V8 reads and parses is one byte a character (English has a
 * handful; Chinese would double in size).
 */
export function packCatalogue(messages: Readonly<Record<string, string>>, ascii: boolean): string {
  const topics = new Map<string, Record<string, string>>();
  for (const [key, text] of Object.entries(messages)) {
    const topic = topicOf(key);
    const part = topics.get(topic) ?? {};
    part[key] = text;
    topics.set(topic, part);
  }
  const index: Record<string, [number, number]> = {};
  let body = "";
  for (const [topic, part] of topics) {
    let json = JSON.stringify(part);
    if (ascii) json = json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
    const start = Buffer.byteLength(body);
    index[topic] = [start, start + Buffer.byteLength(json)];
    body += json;
  }
  return `${JSON.stringify(index)}\n${body}`;
}

/** The messages of a packed file, each topic decoded and parsed when first used. */
export function unpackCatalogue(packed: Buffer): Messages {
  const newline = packed.indexOf(0x0a);
  const index = JSON.parse(packed.toString("utf8", 0, newline)) as Record<string, [number, number]>;
  const body = newline + 1;
  const parsed = new Map<string, Readonly<Record<string, string>>>();
  return {
    text(key: MessageKey): string | undefined {
      const topic = topicOf(key);
      let part = parsed.get(topic);
      if (part === undefined) {
        const range = Object.hasOwn(index, topic) ? index[topic] : undefined;
        part = range ? (JSON.parse(packed.toString("utf8", body + range[0], body + range[1])) as Record<string, string>) : {};
        parsed.set(topic, part);
      }
      return Object.hasOwn(part, key) ? part[key] : undefined;
    },
  };
}
