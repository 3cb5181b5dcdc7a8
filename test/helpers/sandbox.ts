// A temporary machine for one test: a HOME (and APPDATA/LOCALAPPDATA on simulated Windows), a
// fake system root, and a way to run the built CLI against them as a subprocess.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach } from "vitest";
import { TEST_KEY } from "./fixtures.js";
import { assertNoSecret } from "./secrets.js";

export type SimPlatform = "darwin" | "win32" | "linux";

export const BIN = fileURLToPath(new URL("../../bin/claude-desktop-openrouter.js", import.meta.url));
export const ENTRY_ID = "6f70656e-726f-4000-8000-757465720000";

export interface SandboxPaths {
  dataDir: string;
  libDir: string;
  meta: string;
  entry: string;
  rootConfig1p: string;
  rootConfig3p: string;
  stateDir: string;
}

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  json<T = Record<string, unknown>>(): T;
}

export interface Sandbox {
  dir: string;
  home: string;
  root: string;
  platform: SimPlatform;
  env: Record<string, string>;
  paths: SandboxPaths;
  run(
    args: string[],
    options?: { env?: Record<string, string | undefined>; input?: string; timeoutMs?: number; onStderr?: (text: string) => void },
  ): Promise<CliRun>;
  write(path: string, content: string | object, mode?: number): void;
  read(path: string): string;
  readJson<T = Record<string, unknown>>(path: string): T;
  cleanup(): void;
}

export function pathsFor(platform: SimPlatform, home: string): SandboxPaths {
  if (platform === "darwin") {
    const support = join(home, "Library", "Application Support");
    const dataDir = join(support, "Claude-3p");
    return {
      dataDir,
      libDir: join(dataDir, "configLibrary"),
      meta: join(dataDir, "configLibrary", "_meta.json"),
      entry: join(dataDir, "configLibrary", `${ENTRY_ID}.json`),
      rootConfig1p: join(support, "Claude", "claude_desktop_config.json"),
      rootConfig3p: join(dataDir, "claude_desktop_config.json"),
      stateDir: join(support, "claude-desktop-openrouter"),
    };
  }
  if (platform === "win32") {
    const local = join(home, "AppData", "Local");
    const roaming = join(home, "AppData", "Roaming");
    const dataDir = join(local, "Claude-3p");
    return {
      dataDir,
      libDir: join(dataDir, "configLibrary"),
      meta: join(dataDir, "configLibrary", "_meta.json"),
      entry: join(dataDir, "configLibrary", `${ENTRY_ID}.json`),
      rootConfig1p: join(roaming, "Claude", "claude_desktop_config.json"),
      rootConfig3p: join(dataDir, "claude_desktop_config.json"),
      stateDir: join(roaming, "claude-desktop-openrouter"),
    };
  }
  const config = join(home, ".config");
  const dataDir = join(config, "Claude-3p");
  return {
    dataDir,
    libDir: join(dataDir, "configLibrary"),
    meta: join(dataDir, "configLibrary", "_meta.json"),
    entry: join(dataDir, "configLibrary", `${ENTRY_ID}.json`),
    rootConfig1p: join(config, "Claude", "claude_desktop_config.json"),
    rootConfig3p: join(dataDir, "claude_desktop_config.json"),
    stateDir: join(home, ".local", "state", "claude-desktop-openrouter"),
  };
}

/**
 * Every sandbox still on disk, so the suite-wide secrets check (test/setup/secrets.ts) can scan
 * their files after each test and before each is removed.
 */
export const liveSandboxes = new Set<Sandbox>();

/** Files a test wrote with the key in them on purpose (key files it feeds to --api-key-file). */
export const keyInputFiles = new Set<string>();

/**
 * Marks a file a test put the key in on purpose: a key file it feeds to --api-key-file, a
 * managed-policy fixture holding a key value, an export the test asked to contain the key, a
 * wrapper script that passes OPENROUTER_API_KEY. Call it after the file exists.
 */
export function expectKeyIn(path: string): string {
  keyInputFiles.add(path);
  return path;
}

/**
 * Sandboxes whose key is kept in an OS secret store (setup --key-storage keychain) → the store's
 * own files that may hold it (a fake store keeps it in clear; a real keyring file is encrypted).
 * There the entry and every backup set must be free of it.
 */
export const keychainRuns = new Map<string, Set<string>>();

/** From now on, the key may sit in this sandbox only in the store's files named here (and key files the test wrote). */
export function expectKeyOnlyInStore(sb: Pick<Sandbox, "dir">, storeFiles: string[] = []): void {
  keychainRuns.set(sb.dir, new Set(storeFiles));
}

/** The key may be back in the entry and its backups (after switching back to --key-storage file). */
export function allowKeyInEntry(sb: Pick<Sandbox, "dir">): void {
  keychainRuns.delete(sb.dir);
}

/**
 * Where the key may legitimately sit on disk: the tool's entry in a config library (the file
 * Claude Desktop reads) and the tool's backup copies of it, unless the sandbox keeps the key in an
 * OS store (then only the store's files). Everything else is a leak.
 */
export function mayHoldKey(path: string): boolean {
  const p = path.split("\\").join("/");
  if (keyInputFiles.has(path)) return true;
  for (const [dir, storeFiles] of keychainRuns) if (p.startsWith(`${dir.split("\\").join("/")}/`)) return storeFiles.has(path);
  if (p.endsWith(`/configLibrary/${ENTRY_ID}.json`)) return true;
  return /\/claude-desktop-openrouter\/backups\//.test(p);
}

/**
 * Where a key minted for a team member may sit: only in that member's rollout file
 * (`<name>.mobileconfig|reg|json`, or its staged twin `.<name>.<ext>.staged`) in a directory that
 * holds a team manifest.json. keyName is the key's name on OpenRouter ("Claude Desktop – <name>").
 */
export function mayHoldMintedKey(path: string, keyName: string): boolean {
  const member = keyName.replace(/^Claude Desktop – /, "");
  const file = basename(path);
  const dir = dirname(path);
  if (!existsSync(join(dir, "manifest.json")) || file === "manifest.json") return false;
  return ["mobileconfig", "reg", "json"].some((ext) => file === `${member}.${ext}` || file === `.${member}.${ext}.staged`);
}

/** Hook the secrets check installs: called with the sandbox just before it is removed. */
export const beforeSandboxCleanup: ((sb: Sandbox) => void)[] = [];

export function createSandbox(platform: SimPlatform, extraEnv: Record<string, string> = {}): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), `cdo-${platform}-`));
  const home = join(dir, "home");
  const root = join(dir, "root");
  mkdirSync(home, { recursive: true });
  mkdirSync(root, { recursive: true });
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: home,
    CLAUDE_DESKTOP_OPENROUTER_PLATFORM: platform,
    CLAUDE_DESKTOP_OPENROUTER_ROOT: root,
    LANG: "en_US.UTF-8",
    NO_COLOR: "1",
    // Output that is not a terminal wraps at COLUMNS (else 80): wide, so that tests of what is
    // said match a message whole; the tests of the layout set their own width.
    COLUMNS: "400",
    ...(platform === "win32"
      ? { USERPROFILE: home, APPDATA: join(home, "AppData", "Roaming"), LOCALAPPDATA: join(home, "AppData", "Local") }
      : {}),
    ...extraEnv,
  };
  const sandbox: Sandbox = {
    dir,
    home,
    root,
    platform,
    env,
    paths: pathsFor(platform, home),
    // On the simulated PC every powershell.exe call starts a real pwsh: a run may take a while.
    run: (args, options = {}) =>
      runCli(
        args,
        { ...env, ...options.env },
        options.input,
        options.timeoutMs ?? (platform === "win32" ? 120_000 : undefined),
        options.onStderr,
      ),
    write(path, content, mode) {
      mkdirSync(dirname(path), { recursive: true });
      if (typeof content === "string" ? content.includes(TEST_KEY) : JSON.stringify(content).includes(TEST_KEY)) keyInputFiles.add(path);
      writeFileSync(
        path,
        typeof content === "string" ? content : `${JSON.stringify(content, null, 2)}\n`,
        mode !== undefined ? { mode } : {},
      );
    },
    read: (path) => readFileSync(path, "utf8"),
    readJson: (path) => JSON.parse(readFileSync(path, "utf8").replace(/^\uFEFF/, "")),
    cleanup: () => {
      if (!liveSandboxes.has(sandbox)) return;
      for (const hook of beforeSandboxCleanup) hook(sandbox);
      liveSandboxes.delete(sandbox);
      keychainRuns.delete(dir);
      // A child a test started (a stand-in browser, a fake app) may still be writing its last file:
      // retry on ENOTEMPTY/EBUSY rather than fail the test that already passed.
      rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
    },
  };
  liveSandboxes.add(sandbox);
  return sandbox;
}

/** createSandbox() for each test that calls it, every one removed after that test. */
export function useSandboxes(): typeof createSandbox {
  const made: Sandbox[] = [];
  afterEach(() => {
    for (const box of made.splice(0)) box.cleanup();
  });
  return (platform, extraEnv) => {
    const box = createSandbox(platform, extraEnv);
    made.push(box);
    return box;
  };
}

/** Runs the built CLI as a subprocess; fails the test if the test key shows up in its output. */
/** Runs the built CLI; onStderr sees its stderr as it comes (all of it so far), for tests that wait on what it says. */
export function runCli(
  args: string[],
  env: Record<string, string | undefined>,
  input?: string,
  timeoutMs = 30_000,
  onStderr?: (text: string) => void,
): Promise<CliRun> {
  const cleanEnv = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: cleanEnv, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString("utf8");
      onStderr?.(stderr);
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      try {
        assertNoSecret(stdout, "stdout");
        assertNoSecret(stderr, "stderr");
      } catch (error) {
        reject(error);
        return;
      }
      resolve({
        exitCode: code ?? -1,
        stdout,
        stderr,
        json<T>() {
          return JSON.parse(stdout) as T;
        },
      });
    });
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
  });
}

export interface TreeFile {
  content: string;
  mode: number;
}

/** Every file under dir with its content and mode, keyed by relative path. */
export function snapshotTree(dir: string, skip: (rel: string) => boolean = () => false): Record<string, TreeFile> {
  const out: Record<string, TreeFile> = {};
  const walk = (d: string) => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const name of names) {
      const full = join(d, name);
      const rel = relative(dir, full);
      if (skip(rel)) continue;
      const st = statSync(full);
      if (st.isDirectory()) walk(full);
      else out[rel] = { content: readFileSync(full, "utf8"), mode: st.mode & 0o777 };
    }
  };
  walk(dir);
  return out;
}

export { TEST_KEY };
