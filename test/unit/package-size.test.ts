// The published package stays within its size goal, checked in every run of the suite (not only
// by the bench), and holds few files: each one costs a first `npx` run its extraction.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { PACKED_BYTES_GOAL } from "../../scripts/size-goal.mjs";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

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
