// The published package stays within its size goal, checked in every run of the suite (not only
// by the bench), and holds few files: each one costs a first `npx` run its extraction.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { PACKED_BYTES_GOAL } from "../../scripts/size-goal.mjs";
import { en } from "../../src/i18n/en.js";
import { unpackCatalogue } from "../../src/i18n/packed.js";
import { zhCN } from "../../src/i18n/zh-CN.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** A first `npx` run extracts every file of the package: the bundle is a few files, not dozens. */
const MAX_FILES = 30;

describe("the published package", () => {
  it(`packs to at most ${PACKED_BYTES_GOAL / 1024} KB in at most ${MAX_FILES} files, built, with no dependencies`, () => {
    // npm test builds first; the packed files must include that build.
    expect(existsSync(join(ROOT, "dist", "cli.js")), "dist/cli.js: run node scripts/build.mjs first").toBe(true);
    const pack = spawnSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT, encoding: "utf8" });
    expect(pack.status, pack.stderr).toBe(0);
    const [info] = JSON.parse(pack.stdout) as { size: number; unpackedSize: number; entryCount: number; files: { path: string }[] }[];
    expect(info!.files.map((f) => f.path)).toEqual(expect.arrayContaining(["dist/cli.js", "bin/claude-desktop-openrouter.js"]));
    expect(
      info!.size,
      `packed ${(info!.size / 1024).toFixed(1)} KB (unpacked ${(info!.unpackedSize / 1024).toFixed(1)} KB)`,
    ).toBeLessThanOrEqual(PACKED_BYTES_GOAL);
    expect(info!.entryCount, info!.files.map((f) => f.path).join("\n")).toBeLessThanOrEqual(MAX_FILES);
    expect(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).dependencies ?? {}).toEqual({});
  }, 60_000);
});

describe("the built bundle", () => {
  it("is ASCII, code and English messages: V8 holds any other text at two bytes per character", () => {
    const dist = join(ROOT, "dist");
    const files = ["cli.js", ...readdirSync(join(dist, "chunks")).map((name) => join("chunks", name))].filter((name) =>
      name.endsWith(".js"),
    );
    const notAscii = (name: string) => readFileSync(join(dist, name)).some((byte) => byte > 0x7f);
    expect(files.filter(notAscii)).toEqual([]);
    expect(notAscii("messages.en.json")).toBe(false);
    expect(notAscii("messages.zh-CN.json")).toBe(true);
  });

  it("ships each catalogue packed, every message as the source has it", () => {
    for (const [lang, catalogue] of [
      ["en", en],
      ["zh-CN", zhCN],
    ] as const) {
      const messages = unpackCatalogue(readFileSync(join(ROOT, "dist", `messages.${lang}.json`)));
      const keys = Object.keys(catalogue) as (keyof typeof catalogue)[];
      expect(
        keys.filter((key) => messages.text(key) !== catalogue[key]),
        lang,
      ).toEqual([]);
    }
  });

  it("defines each file's exports in one literal of getters, not one defineProperty at a time", () => {
    const dist = join(ROOT, "dist");
    const load = createRequire(join(dist, "cli.js"));
    const files = ["cli.js", ...readdirSync(join(dist, "chunks")).map((name) => join("chunks", name))].filter((name) =>
      name.endsWith(".js"),
    );
    let exported = 0;
    for (const name of files) {
      const descriptors = Object.entries(Object.getOwnPropertyDescriptors(load(join(dist, name)))).filter(([key]) => key !== "__esModule");
      for (const [key, descriptor] of descriptors) expect(String(descriptor.get), `${name}: ${key}`).toMatch(/^get /);
      exported += descriptors.length;
    }
    // The entry's chunk alone exports well over a hundred names to the other files.
    expect(exported).toBeGreaterThan(100);
  });
});
