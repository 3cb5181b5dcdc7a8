// Subprocess tests run the built CLI (dist/), in-process tests the sources (src/). After an edit,
// a run of vitest would otherwise test the old bundle without a word: when anything the build
// reads is newer than dist/'s build stamp (or there is no build), the build runs first.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** What the build reads: a change to any of these makes dist/ stale. */
const INPUTS = ["src", "bin", "scripts/build.mjs", "package.json"];
/** Written last by the build: its time is the build's. */
export const STAMP = join(ROOT, "dist", "help.json");

function newestInput(): { path: string; mtimeMs: number } {
  let newest = { path: "", mtimeMs: 0 };
  for (const input of INPUTS) {
    const abs = join(ROOT, input);
    const files = statSync(abs).isDirectory()
      ? readdirSync(abs, { recursive: true, encoding: "utf8" }).map((name) => join(abs, name))
      : [abs];
    for (const file of files) {
      const { mtimeMs } = statSync(file);
      if (mtimeMs > newest.mtimeMs) newest = { path: file, mtimeMs };
    }
  }
  return newest;
}

/** Whether dist/ was built after the last change to what it is built from. */
export function distIsFresh(): boolean {
  return existsSync(STAMP) && statSync(STAMP).mtimeMs >= newestInput().mtimeMs;
}

export default function setup(): void {
  if (distIsFresh()) return;
  process.stderr.write(`dist/ is older than ${newestInput().path.slice(ROOT.length)} (or missing): building it first\n`);
  execFileSync(process.execPath, [join(ROOT, "scripts", "build.mjs")], { cwd: ROOT, stdio: "inherit" });
  if (!distIsFresh()) throw new Error("dist/ is still older than its sources after a build");
}
