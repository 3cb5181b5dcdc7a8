// Surgical edits of JSON files the tool does not own (_meta.json, claude_desktop_config.json): only
// the bytes of the members we add, change or remove differ. Everything else (number literals,
// duplicate keys, key order, indentation, line endings, a BOM, the final newline, non-ASCII text)
// stays byte-identical, because the file is never parsed into values and printed again: edits are
// splices of its text at the offsets of jsonc-parser's syntax tree, and inserted text is laid out
// in the style detected from the file itself.
import { createScanner, type Node, parseTree } from "jsonc-parser";

/** jsonc-parser's SyntaxKind values (a const enum its typings do not let us import). */
const Token = {
  CloseBrace: 2,
  CloseBracket: 4,
  Comma: 5,
  LineComment: 12,
  BlockComment: 13,
  LineBreak: 14,
  Trivia: 15,
  EOF: 17,
} as const;

export type JsonPath = (string | number)[];

/** A file's text split from its BOM, so that edits never see (or drop) the BOM. */
export interface JsonDocument {
  bom: boolean;
  text: string;
}

/** Text to insert as is (a member's original value, recorded before we changed it). */
export interface RawJson {
  raw: string;
}

export type NewValue = unknown | RawJson;

function isRaw(value: unknown): value is RawJson {
  return typeof value === "object" && value !== null && !Array.isArray(value) && typeof (value as RawJson).raw === "string";
}

/** Splits a decoded file (UTF-8, already validated) into its BOM and text. */
export function openDocument(decoded: string): JsonDocument {
  return decoded.charCodeAt(0) === 0xfeff ? { bom: true, text: decoded.slice(1) } : { bom: false, text: decoded };
}

export function documentBytes(doc: JsonDocument): Buffer {
  return Buffer.from(`${doc.bom ? "\uFEFF" : ""}${doc.text}`, "utf8");
}

/** The file's own layout, so that what we insert reads like the rest of it. */
interface Style {
  eol: string;
  /** One level of indentation (spaces or tabs, any width). */
  unit: string;
  /** What separates a key from its value (`": "`, `":"`, …). */
  colon: string;
  /** The document spans several lines: inserted members go on lines of their own. */
  multiline: boolean;
}

function tree(text: string): Node {
  const root = parseTree(text, [], { disallowComments: true, allowTrailingComma: false });
  if (root?.type !== "object") throw new Error("not a JSON object");
  return root;
}

/** Leading white space of the line `offset` is on, when only white space precedes it there. */
function lineIndent(text: string, offset: number): string | null {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  return /^[ \t]*$/.test(before) ? before : null;
}

/** Leading white space of the line `offset` is on, whatever follows it. */
function indentOfLine(text: string, offset: number): string {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))![0];
}

function children(node: Node): Node[] {
  return node.children ?? [];
}

function detectStyle(text: string, root: Node): Style {
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const multiline = text.includes("\n");
  let unit = "  ";
  let colon = multiline ? ": " : ":";
  // The first member of any object that starts its own line gives one level of indentation.
  // Breadth first through an index, not shift() and push(...children): a 3-million-element array
  // stays linear and never spreads its children onto the call stack.
  const queue: Node[] = [root];
  let unitFound = false;
  let colonFound = false;
  for (let next = 0; next < queue.length && !(unitFound && colonFound); next++) {
    const node = queue[next]!;
    if (node.type === "object" || node.type === "array") {
      const first = children(node)[0];
      if (first && !unitFound) {
        const inner = lineIndent(text, first.offset);
        const outer = indentOfLine(text, node.offset);
        if (inner?.startsWith(outer) && inner.length > outer.length) {
          unit = inner.slice(outer.length);
          unitFound = true;
        }
      }
    }
    if (node.type === "property" && !colonFound) {
      const [key, value] = children(node);
      if (key && value) {
        const between = text.slice(key.offset + key.length, value.offset);
        if (/^[ \t]*:[ \t]*$/.test(between)) {
          colon = between;
          colonFound = true;
        }
      }
    }
    for (const child of children(node)) queue.push(child);
  }
  return { eol, unit, colon, multiline };
}

/** A value as JSON text; multi-line children are indented one unit below `indent`. */
function render(value: NewValue, style: Style, indent: string, multiline: boolean): string {
  if (isRaw(value)) return value.raw;
  if (Array.isArray(value) || (typeof value === "object" && value !== null)) {
    const entries: [string | null, unknown][] = Array.isArray(value)
      ? value.map((v) => [null, v])
      : Object.entries(value as Record<string, unknown>);
    const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
    if (entries.length === 0) return `${open}${close}`;
    const inner = indent + style.unit;
    const items = entries.map(
      ([key, v]) => `${key === null ? "" : `${JSON.stringify(key)}${style.colon}`}${render(v, style, inner, multiline)}`,
    );
    if (!multiline) return `${open}${items.join(",")}${close}`;
    return `${open}${style.eol}${items.map((item) => inner + item).join(`,${style.eol}`)}${style.eol}${indent}${close}`;
  }
  return JSON.stringify(value);
}

function splice(text: string, start: number, end: number, insert: string): string {
  return text.slice(0, start) + insert + text.slice(end);
}

/** The last property named key (the one JSON.parse, and so the app, reads). */
export function lastProperty(object: Node, key: string): Node | undefined {
  let found: Node | undefined;
  for (const property of children(object)) if (property.children?.[0]?.value === key) found = property;
  return found;
}

/** The value node at path: object keys resolve to their last occurrence, numbers index arrays. */
export function nodeAt(root: Node, path: JsonPath): Node | undefined {
  let node: Node | undefined = root;
  for (const segment of path) {
    if (!node) return undefined;
    if (typeof segment === "number") node = node.type === "array" ? children(node)[segment] : undefined;
    else node = node.type === "object" ? lastProperty(node, segment)?.children?.[1] : undefined;
  }
  return node;
}

/** The text of the value at path, exactly as it is in the file. */
export function valueText(text: string, path: JsonPath): string | undefined {
  const node = nodeAt(tree(text), path);
  return node ? text.slice(node.offset, node.offset + node.length) : undefined;
}

/** Inserts a member (`"key": value`, or an array element when key is null) as the container's last. */
function insertLast(text: string, style: Style, container: Node, key: string | null, value: NewValue): string {
  const label = key === null ? "" : `${JSON.stringify(key)}${style.colon}`;
  const items = children(container);
  const last = items.at(-1);
  if (!last) {
    // An empty container: on lines of its own in a multi-line file, else inline.
    const open = container.offset + 1;
    const close = container.offset + container.length - 1;
    if (!style.multiline) return splice(text, open, close, `${label}${render(value, style, "", false)}`);
    const outer = indentOfLine(text, container.offset);
    const inner = outer + style.unit;
    return splice(text, open, close, `${style.eol}${inner}${label}${render(value, style, inner, true)}${style.eol}${outer}`);
  }
  const end = last.offset + last.length;
  const indent = lineIndent(text, last.offset);
  if (indent !== null && style.multiline) {
    return splice(text, end, end, `,${style.eol}${indent}${label}${render(value, style, indent, true)}`);
  }
  // An inline container: the same separator as between its members (or none).
  const previous = items.at(-2);
  const separator = previous ? text.slice(previous.offset + previous.length, last.offset) : ",";
  return splice(text, end, end, `${separator}${label}${render(value, style, indentOfLine(text, last.offset), false)}`);
}

/** Removes a member with the separator that joins it to its neighbours (the inverse of insertLast). */
function removeChild(text: string, container: Node, index: number): string {
  const items = children(container);
  const item = items[index]!;
  if (items.length === 1) return splice(text, container.offset + 1, container.offset + container.length - 1, "");
  if (index > 0) {
    const previous = items[index - 1]!;
    return splice(text, previous.offset + previous.length, item.offset + item.length, "");
  }
  return splice(text, item.offset, items[1]!.offset, "");
}

function container(root: Node, path: JsonPath, type: "object" | "array"): Node {
  const node = nodeAt(root, path);
  if (!node || node.type !== type) throw new Error(`no ${type} at ${JSON.stringify(path)}`);
  return node;
}

/**
 * Sets `key` in the object at path: replaces the value of its last occurrence in place, or appends
 * the member when it is not there.
 */
export function setMember(text: string, path: JsonPath, key: string, value: NewValue): string {
  const root = tree(text);
  const style = detectStyle(text, root);
  const object = container(root, path, "object");
  const property = lastProperty(object, key);
  const current = property?.children?.[1];
  if (!property || !current) return insertLast(text, style, object, key, value);
  const indent = indentOfLine(text, property.offset);
  const multiline = style.multiline && lineIndent(text, property.offset) !== null;
  return splice(text, current.offset, current.offset + current.length, render(value, style, indent, multiline));
}

/** Removes the last occurrence of `key` from the object at path (nothing when absent). */
export function removeMember(text: string, path: JsonPath, key: string): string {
  const object = container(tree(text), path, "object");
  const property = lastProperty(object, key);
  return property ? removeChild(text, object, children(object).indexOf(property)) : text;
}

export function appendElement(text: string, path: JsonPath, value: NewValue): string {
  const root = tree(text);
  return insertLast(text, detectStyle(text, root), container(root, path, "array"), null, value);
}

export function removeElement(text: string, path: JsonPath, index: number): string {
  return removeChild(text, container(tree(text), path, "array"), index);
}

/** Number of members of the object at path. */
export function memberCount(text: string, path: JsonPath = []): number {
  return children(container(tree(text), path, "object")).length;
}

export interface Repaired {
  text: string;
  /** The comments that were removed, as they were written. */
  comments: string[];
  trailingCommas: number;
}

/**
 * Makes JSON with comments and trailing commas strict by cutting exactly those out (a comment
 * alone on its line goes with its line); every value and all other text stay as they were.
 */
export function stripJsonc(text: string): Repaired {
  const scanner = createScanner(text, false);
  const cuts: [number, number][] = [];
  const comments: string[] = [];
  let trailingCommas = 0;
  let pendingComma: number | null = null;
  for (let kind = scanner.scan(); kind !== Token.EOF; kind = scanner.scan()) {
    const start = scanner.getTokenOffset();
    const end = start + scanner.getTokenLength();
    if (kind === Token.LineComment || kind === Token.BlockComment) {
      comments.push(text.slice(start, end));
      const lineStart = text.lastIndexOf("\n", start - 1) + 1;
      const after = /^[ \t]*(\r?\n|$)/.exec(text.slice(end));
      const alone = /^[ \t]*$/.test(text.slice(lineStart, start)) && after !== null;
      // Alone on its line: the line goes; after other text: the comment and the blanks before it.
      const blanks = /[ \t]*$/.exec(text.slice(lineStart, start))![0].length;
      cuts.push(alone ? [lineStart, end + after[0].length] : [start - blanks, end]);
      continue;
    }
    if (kind === Token.Trivia || kind === Token.LineBreak) continue;
    if ((kind === Token.CloseBrace || kind === Token.CloseBracket) && pendingComma !== null) {
      cuts.push([pendingComma, pendingComma + 1]);
      trailingCommas++;
    }
    pendingComma = kind === Token.Comma ? start : null;
  }
  let out = text;
  for (const [start, end] of cuts.sort((a, b) => b[0] - a[0])) out = splice(out, start, end, "");
  return { text: out, comments, trailingCommas };
}
