// The repository stands on its own: code, tests and scripts cite only documents that are in it
// (docs/*.md, CONTRIBUTING.md, the READMEs), never design documents kept elsewhere, numbered
// sections of them or numbered issues; and every docs/… page and #anchor they cite exists.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { anchors, PENDING_TARGETS, REPO, read } from "../helpers/markdown.js";

const SCANNED = ["src", "test", "scripts", "bin"];
const TEXT = /\.(ts|mts|cts|js|mjs|cjs|json)$/;

/** What points outside the repository; each pattern is written so that it does not match itself. */
const OUTSIDE: { why: string; re: RegExp }[] = [
  { why: "a design document outside the repository", re: /(?<![\w/-])(?:product|claude-desktop|openrouter)\.md\b/ },
  { why: "a numbered issue", re: /\bissues? #?\d/i },
  { why: "a numbered section of a document", re: /\u00a7\s*\d/ },
  { why: "the shared specification folder", re: /\/work\/shared\b/ },
];

/** Citations of the repository's own documents: docs/<page>.md, CONTRIBUTING.md, README*.md, with an optional #anchor. */
const CITATION = /(?<![\w/.-])((?:docs\/[\w-]+|CONTRIBUTING|README(?:\.zh-CN)?)\.md)(?:#([\p{L}\p{N}_-]+))?/gu;

function filesUnder(dir: string): string[] {
  const abs = join(REPO, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs, { recursive: true, encoding: "utf8" })
    .map((name) => join(abs, name))
    .filter((path) => TEXT.test(path) && statSync(path).isFile());
}

function outsideCitations(text: string): string[] {
  const found: string[] = [];
  text.split("\n").forEach((line, index) => {
    for (const { why, re } of OUTSIDE) if (re.test(line)) found.push(`${index + 1}: ${why}: ${line.trim()}`);
  });
  return found;
}

function unresolvedCitations(text: string): string[] {
  const found: string[] = [];
  text.split("\n").forEach((line, index) => {
    for (const match of line.matchAll(CITATION)) {
      const [cited, page = "", anchor] = match;
      if (!existsSync(join(REPO, page))) {
        if (!PENDING_TARGETS.includes(page)) found.push(`${index + 1}: ${cited}: no such page`);
      } else if (anchor !== undefined && !anchors(read(page)).has(anchor)) {
        found.push(`${index + 1}: ${cited}: no such heading in ${page}`);
      }
    }
  });
  return found;
}

const files = SCANNED.flatMap(filesUnder);

describe("what the scan catches", () => {
  // Built from pieces, so this file does not cite what it looks for.
  const md = (name: string) => `${name}.md`;
  const issue = ["iss", "ue"].join("");

  it.each([
    `// the entry (${md("claude-desktop")} \u00a75.2)`,
    `// see ${md("product")}`,
    `/** ${md("openrouter")}: the retry rules */`,
    `// What happened around the write (${issue} 4).`,
    `// fixed in #12 (${issue}s #12)`,
    "// the fields of \u00a7 6.4",
  ])("flags %s", (line) => {
    expect(outsideCitations(line)).not.toEqual([]);
  });

  it.each([
    `// where the app keeps it (${md("docs/claude-desktop")}#config-library)`,
    `// see docs/${md("openrouter")}#messages-errors`,
    "const issues = parsed.error.issues.map((i) => i.message);",
  ])("accepts %s", (line) => {
    expect(outsideCitations(line)).toEqual([]);
  });

  it("checks that a cited page and anchor exist", () => {
    expect(unresolvedCitations(`// ${md("docs/claude-desktop")}#config-library`)).toEqual([]);
    expect(unresolvedCitations(`// ${md("docs/claude-desktop")}#no-such-section`)).toHaveLength(1);
    expect(unresolvedCitations(`// ${md("docs/lifecycle")}`)).toHaveLength(1);
  });
});

describe("the repository stands on its own", () => {
  it("scans the code, tests and scripts", () => {
    expect(files.length).toBeGreaterThan(50);
    expect(files.map((f) => relative(REPO, f).replace(/\\/g, "/"))).toContain("src/cli.ts");
  });

  it("cites no document outside the repository, no numbered section and no numbered issue", () => {
    const found = files.flatMap((file) =>
      outsideCitations(readFileSync(file, "utf8")).map((hit) => `${relative(REPO, file).replace(/\\/g, "/")}:${hit}`),
    );
    expect(found).toEqual([]);
  });

  it("every docs page and #anchor cited from the code exists", () => {
    const found = files.flatMap((file) =>
      unresolvedCitations(readFileSync(file, "utf8")).map((hit) => `${relative(REPO, file).replace(/\\/g, "/")}:${hit}`),
    );
    expect(found).toEqual([]);
  });
});
