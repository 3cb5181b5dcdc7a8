// The published package stays within its size goal, checked in every run of the suite (not only
// by the bench), and the build's size shims keep doing their job: a shim that no longer replaces
// anything fails the build, naming it.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BuildOptions, build } from "esbuild";
import { describe, expect, it } from "vitest";
import { PACKED_BYTES_GOAL } from "../../scripts/size-goal.mjs";
import { SHIMS, slimPlugin } from "../../scripts/slim.mjs";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const BUNDLE: BuildOptions = {
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  mainFields: ["module", "main"],
  write: false,
  logLevel: "silent",
};

describe("the published package", () => {
  it(`packs to at most ${PACKED_BYTES_GOAL / 1024} KB, built, with no dependencies`, () => {
    // npm test builds first; the packed files must include that build.
    expect(existsSync(join(ROOT, "dist", "cli.js")), "dist/cli.js: run node scripts/build.mjs first").toBe(true);
    const pack = spawnSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT, encoding: "utf8" });
    expect(pack.status, pack.stderr).toBe(0);
    const [info] = JSON.parse(pack.stdout) as { size: number; unpackedSize: number; files: { path: string }[] }[];
    expect(info!.files.map((f) => f.path)).toEqual(expect.arrayContaining(["dist/cli.js", "bin/claude-desktop-openrouter.js"]));
    expect(
      info!.size,
      `packed ${(info!.size / 1024).toFixed(1)} KB (unpacked ${(info!.unpackedSize / 1024).toFixed(1)} KB)`,
    ).toBeLessThanOrEqual(PACKED_BYTES_GOAL);
    expect(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).dependencies ?? {}).toEqual({});
  }, 60_000);
});

describe("the build's size shims", () => {
  it("each replaces something in the real build", async () => {
    const result = await build({
      ...BUNDLE,
      entryPoints: { cli: join(ROOT, "src", "cli.ts") },
      outdir: join(tmpdir(), "cdo-shims"),
      plugins: [slimPlugin()],
    });
    expect(result.errors).toEqual([]);
  }, 60_000);

  it("one that no longer matches any import fails the build, naming it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cdo-shims-"));
    try {
      writeFileSync(join(dir, "entry.js"), 'import { join } from "node:path"; console.log(join("a", "b"));\n');
      const failure = await build({
        ...BUNDLE,
        entryPoints: [join(dir, "entry.js")],
        outdir: join(dir, "out"),
        plugins: [slimPlugin()],
      }).then(
        () => null,
        (error: { errors: { text: string }[] }) => error.errors.map((e) => e.text),
      );
      expect(failure).toEqual(SHIMS.map((s) => expect.stringContaining(`the shim ${s.name} replaced nothing`)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
