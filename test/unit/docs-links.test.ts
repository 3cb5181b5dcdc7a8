// The documentation holds together: every relative link and #anchor in the READMEs,
// CONTRIBUTING.md and docs/*.md resolves (GitHub's heading anchors), the README stays short, and
// the Chinese README mirrors the English one section for section.
import { existsSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { CHECK_IDS } from "../../src/doctor/catalogue.js";
import {
  anchors,
  codeBlockCount,
  headings,
  isExternal,
  links,
  markdownFiles,
  PENDING_TARGETS,
  REPO,
  read,
  slug,
} from "../helpers/markdown.js";

/** Every relative link of one file that does not resolve, as "file:line → target (why)". */
function brokenLinks(file: string): string[] {
  const text = read(file);
  const broken: string[] = [];
  for (const { target, line } of links(text)) {
    if (isExternal(target)) continue;
    const [pathPart = "", anchor] = target.split("#", 2);
    const where = `${file}:${line} → ${target}`;
    const path = pathPart === "" ? file : normalize(join(dirname(file), decodeURI(pathPart))).replace(/\\/g, "/");
    if (relative(REPO, join(REPO, path)).startsWith("..")) {
      broken.push(`${where} (outside the repository)`);
      continue;
    }
    if (!existsSync(join(REPO, path))) {
      if (!PENDING_TARGETS.includes(path)) broken.push(`${where} (no such file)`);
      continue;
    }
    if (anchor !== undefined && path.endsWith(".md") && !anchors(read(path)).has(anchor)) {
      broken.push(`${where} (no heading with that anchor in ${path})`);
    }
  }
  return broken;
}

describe("GitHub heading anchors", () => {
  it.each([
    ["`setup` (default)", "setup-default"],
    ["Detection on a user's machine", "detection-on-a-users-machine"],
    ["Is it safe?", "is-it-safe"],
    ["Quit, write, relaunch", "quit-write-relaunch"],
    ["Root config files and deploymentMode", "root-config-files-and-deploymentmode"],
    ["`--json` output and exit codes", "--json-output-and-exit-codes"],
    ["macOS: `.mobileconfig` with Jamf Pro, Kandji and others", "macos-mobileconfig-with-jamf-pro-kandji-and-others"],
    ["`quit` 和 `restart`", "quit-和-restart"],
    ["出了问题怎么办", "出了问题怎么办"],
    ["安全吗？", "安全吗"],
  ])("%s → #%s", (heading, expected) => {
    expect(slug(heading)).toBe(expected);
  });

  it("numbers repeated headings as GitHub does", () => {
    expect([...anchors("# A\n## Notes\n## Notes\n```\n## Notes\n```\n## Notes\n")]).toEqual(["a", "notes", "notes-1", "notes-2"]);
  });

  it("finds links outside code only", () => {
    const text = "[a](x.md) `[b](y.md)`\n```\n[c](z.md)\n```\n[d](w.md#top)";
    expect(links(text).map((l) => l.target)).toEqual(["x.md", "w.md#top"]);
  });
});

describe("documentation links", () => {
  it("covers the READMEs, CONTRIBUTING.md and every page under docs/", () => {
    const files = markdownFiles();
    expect(files).toEqual(expect.arrayContaining(["README.md", "README.zh-CN.md", "CONTRIBUTING.md", "docs/claude-desktop.md"]));
    for (const file of files) expect(existsSync(join(REPO, file)), file).toBe(true);
  });

  it.each(markdownFiles())("every relative link and #anchor in %s resolves", (file) => {
    expect(brokenLinks(file)).toEqual([]);
  });

  it("the README links each pending page, and a page that has landed is no longer listed as pending", () => {
    const readmeTargets = links(read("README.md")).map((l) => l.target.split("#")[0]);
    for (const target of PENDING_TARGETS) {
      expect(readmeTargets, `README.md should link ${target}`).toContain(target);
      expect(existsSync(join(REPO, target)), `${target} exists now: remove it from PENDING_TARGETS`).toBe(false);
    }
  });
});

describe("the READMEs", () => {
  it("README.md stays a short start (at most 260 lines), with reference in docs/", () => {
    const lines = read("README.md").trimEnd().split("\n").length;
    expect(lines).toBeLessThanOrEqual(260);
  });

  it("README.md opens with Quick start, which gives the commands a newcomer runs on a fresh clone or a packed tarball; CI runs the test command", () => {
    const readme = read("README.md");
    expect(headings(readme)[1]?.text).toBe("Quick start");
    const quick = readme.slice(readme.indexOf("## Quick start"), readme.indexOf("\n## ", readme.indexOf("## Quick start") + 1));
    expect(quick).toContain("npm ci && npm run build && node bin/claude-desktop-openrouter.js setup --dry-run");
    expect(quick).toContain("npm ci && npm test");
    expect(quick).toContain("npm pack");
    expect(quick).toContain("npx --package ./claude-desktop-openrouter-<version>.tgz claude-desktop-openrouter");
    expect(quick).toContain("404");
    expect(read(".ci/run")).toMatch(/^npm test$/m);
  });

  it("README.zh-CN.md mirrors README.md: the same headings (by level) and the same code blocks", () => {
    const en = read("README.md");
    const zh = read("README.zh-CN.md");
    expect(headings(zh).map((h) => h.level)).toEqual(headings(en).map((h) => h.level));
    expect(codeBlockCount(zh)).toBe(codeBlockCount(en));
    expect(links(zh).filter((l) => !isExternal(l.target)).length).toBe(links(en).filter((l) => !isExternal(l.target)).length);
  });

  it.each(["README.md", "README.zh-CN.md"])(
    "every doctor check %s names exists, and the checks table in docs/commands.md lists them all",
    (file) => {
      const named = [...read(file).matchAll(/`((?:app|config|managed|network|openrouter)\.[a-z-]+)`/g)].map((m) => m[1]);
      expect(named.length).toBeGreaterThan(5);
      expect(named.filter((id) => !CHECK_IDS.includes(id!))).toEqual([]);
      const table = [...read("docs/commands.md").matchAll(/^\| `([a-z]+\.[a-z-]+)` /gm)].map((m) => m[1]);
      expect(table).toEqual([...CHECK_IDS]);
    },
  );
});
