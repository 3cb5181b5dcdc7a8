// Just enough Markdown for the documentation tests: headings and their GitHub anchors, relative
// links, fenced code blocks. Text inside fenced blocks and code spans is never a link or heading.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = fileURLToPath(new URL("../../", import.meta.url));

/**
 * Link targets the README names before their pages exist: the pages other work will add. A
 * link to one of them may dangle; once the page lands, its entry must go (the test says so).
 */
export const PENDING_TARGETS: readonly string[] = [];

/** The documentation the link test covers, as paths relative to the repository. */
export function markdownFiles(): string[] {
  const docs = existsSync(join(REPO, "docs"))
    ? readdirSync(join(REPO, "docs"))
        .filter((name) => name.endsWith(".md"))
        .map((name) => `docs/${name}`)
    : [];
  return ["README.md", "README.zh-CN.md", "CONTRIBUTING.md", ...docs.sort()];
}

export function read(path: string): string {
  return readFileSync(join(REPO, path), "utf8");
}

export interface Heading {
  level: number;
  text: string;
  line: number;
}

export interface Link {
  target: string;
  line: number;
}

/** Lines outside fenced code blocks, with their 1-based numbers; code spans blanked out. */
function proseLines(markdown: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  let fence: string | null = null;
  markdown.split("\n").forEach((raw, index) => {
    const marker = /^\s*(`{3,}|~{3,})/.exec(raw)?.[1];
    if (marker && (fence === null || marker.startsWith(fence))) {
      fence = fence === null ? marker : null;
      return;
    }
    if (fence === null) out.push({ text: raw, line: index + 1 });
  });
  return out;
}

export function headings(markdown: string): Heading[] {
  const found: Heading[] = [];
  for (const { text, line } of proseLines(markdown)) {
    const match = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(text);
    if (match) found.push({ level: match[1]!.length, text: match[2]!, line });
  }
  return found;
}

export function codeBlockCount(markdown: string): number {
  let count = 0;
  let fence: string | null = null;
  for (const raw of markdown.split("\n")) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(raw)?.[1];
    if (!marker) continue;
    if (fence === null) {
      fence = marker;
      count++;
    } else if (marker.startsWith(fence)) fence = null;
  }
  return count;
}

/**
 * GitHub's heading anchor: the rendered text (code spans keep their content, links their text,
 * emphasis markers go), lower-cased, every character that is not a letter, mark, digit, `_`, `-`
 * or space removed, spaces turned into `-`.
 */
export function slug(headingText: string): string {
  const rendered = headingText
    .replace(/`([^`]*)`/g, "$1")
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\*+/g, "")
    .replace(/<[^>]+>/g, "");
  return rendered
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
    .replace(/ /g, "-");
}

/** Every anchor a page has: heading slugs (repeats get -1, -2, … as on GitHub) and explicit ids. */
export function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const heading of headings(markdown)) {
    const base = slug(heading.text);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${count}`);
  }
  for (const match of markdown.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) result.add(match[1]!);
  return result;
}

/** Inline links and images `[text](target)`, outside code. */
export function links(markdown: string): Link[] {
  const found: Link[] = [];
  for (const { text, line } of proseLines(markdown)) {
    const prose = text.replace(/`[^`]*`/g, (span) => " ".repeat(span.length));
    for (const match of prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) found.push({ target: match[1]!, line });
  }
  return found;
}

/** Targets that leave the repository (a scheme such as https: or mailto:). */
export function isExternal(target: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(target);
}
