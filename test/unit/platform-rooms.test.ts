// Platform knowledge stays in its room: only src/platform/, src/lifecycle/<os>.ts and
// src/managed/<os>.ts may ask which platform this is; everything else asks the OS module (picked
// from a map by its id) what it needs to know.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const ROOMS = [/^src\/platform\//, /^src\/(lifecycle|managed)\/(darwin|win32|linux)\.ts$/];
/** A comparison with (or a switch on) a platform id. */
const PLATFORM_TEST = /\bplatform\s*[!=]==?|[!=]==?\s*(?:[\w.]+\.)?platform\b|switch\s*\(\s*(?:[\w.]+\.)?platform\b/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.ts$/.test(entry.name) ? [path] : [];
  });
}

describe("platform checks", () => {
  it("appear only in the OS modules", () => {
    const found: string[] = [];
    for (const file of sources(join(ROOT, "src"))) {
      const rel = relative(ROOT, file).split("\\").join("/");
      if (ROOMS.some((room) => room.test(rel))) continue;
      readFileSync(file, "utf8")
        .split("\n")
        .forEach((line, index) => {
          if (PLATFORM_TEST.test(line)) found.push(`${rel}:${index + 1}: ${line.trim()}`);
        });
    }
    expect(found).toEqual([]);
  });

  it("the pattern finds the forms it is meant to find", () => {
    for (const line of ['if (ctx.platform === "win32")', 'ctx.platform !== "linux"', '"darwin" === platform', "switch (ctx.platform) {"])
      expect(PLATFORM_TEST.test(line), line).toBe(true);
    expect(PLATFORM_TEST.test("const mod = modules[ctx.platform];")).toBe(false);
  });
});
