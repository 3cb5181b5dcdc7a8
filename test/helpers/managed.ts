// Fake system tools and managed sources under a sandbox's fake system root (CONTRIBUTING.md#test-seams).
import { execFileSync } from "node:child_process";
import { expectKeyIn } from "./sandbox.js";
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { FIXTURES } from "./fixtures.js";
import type { Sandbox } from "./sandbox.js";

export const MANAGED_FIXTURES = join(FIXTURES, "managed");
export const PLIST_NAME = "com.anthropic.claudefordesktop.plist";

let python: string | undefined;
/** The real python3 executable (the pyenv shim would need the real HOME). */
export function pythonPath(): string {
  python ??= execFileSync("python3", ["-c", "import sys; print(sys.executable)"], { encoding: "utf8" }).trim();
  return python;
}

/** /usr/bin/plutil under the root: the fixture script with the real python3 in its shebang. */
export function installPlutil(sandbox: Sandbox): string {
  const path = join(sandbox.root, "usr", "bin", "plutil");
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `#!${pythonPath()}\n${readFileSync(join(MANAGED_FIXTURES, "bin", "plutil.py"), "utf8")}`);
  chmodSync(path, 0o755);
  return path;
}

export function plutilLog(sandbox: Sandbox): string[] {
  const log = join(sandbox.root, "usr", "bin", "plutil.log");
  return existsSync(log) ? readFileSync(log, "utf8").trim().split("\n") : [];
}

/** Places a plist fixture as the per-machine (default) or per-user managed plist. */
export function placePlist(sandbox: Sandbox, fixture: string, user?: string): string {
  const dir = join(sandbox.root, "Library", "Managed Preferences", ...(user ? [user] : []));
  mkdirSync(dir, { recursive: true });
  const path = join(dir, PLIST_NAME);
  copyFileSync(join(MANAGED_FIXTURES, "darwin", fixture), expectKeyIn(path));
  return path;
}

/** C:\Windows\System32\reg.exe under the root, answering from fixtures/managed/reg/<scenario>. */
export function installRegExe(sandbox: Sandbox, scenario?: string): string {
  const dir = join(sandbox.root, "Windows", "System32");
  mkdirSync(join(dir, "reg-fixtures"), { recursive: true });
  copyFileSync(join(MANAGED_FIXTURES, "bin", "reg.exe"), join(dir, "reg.exe"));
  chmodSync(join(dir, "reg.exe"), 0o755);
  if (scenario) {
    for (const name of ["HKLM.64.txt", "HKLM.32.txt", "HKCU.64.txt", "HKCU.32.txt"]) {
      const src = join(MANAGED_FIXTURES, "reg", scenario, name);
      if (existsSync(src)) copyFileSync(src, expectKeyIn(join(dir, "reg-fixtures", name)));
    }
  }
  return join(dir, "reg.exe");
}

export function regLog(sandbox: Sandbox): string[] {
  const log = join(sandbox.root, "Windows", "System32", "reg.log");
  return existsSync(log) ? readFileSync(log, "utf8").trim().split("\n") : [];
}

/** /etc/claude-desktop/managed-settings.json under the root, 0644 in a 0755 directory. */
export function placeLinuxManaged(sandbox: Sandbox, content: string): string {
  const dir = join(sandbox.root, "etc", "claude-desktop");
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  chmodSync(dir, 0o755);
  const path = join(dir, "managed-settings.json");
  writeFileSync(expectKeyIn(path), content);
  chmodSync(path, 0o644);
  return path;
}

export function linuxFixture(name: string): string {
  return readFileSync(join(MANAGED_FIXTURES, "linux", name), "utf8");
}

export const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

/**
 * For a test about another user's files (chown, a home owned by someone else): it needs root,
 * which CI has. It fails naming that, never skips: a skipped test proves nothing.
 */
export function needsRoot(): void {
  if (!isRoot) throw new Error("this test needs root (chown to another uid); CI runs the suite as root");
}
