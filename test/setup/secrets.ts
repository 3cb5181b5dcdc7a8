// Suite-wide secret hygiene, registered in vitest.config.ts `setupFiles`.
// Fails the test during which the test key shows up in:
// - the argv or environment of any child process a test starts (child_process is wrapped). The
//   CLI under test may receive the key only through its documented inputs: the
//   OPENROUTER_API_KEY variable, or the value after --api-key (which it warns about);
// - anything the test prints (console.*);
// - any file under a live sandbox (the fake system root where the lifecycle fakes record argv
//   and env of the tool's own children, logs, the app's files, the tool's state), except the
//   files the tool is supposed to hold it in (mayHoldKey) and key files the test wrote itself.
// CLI stdout/stderr (and so --json) are already checked by runCli/runInProcess.
import childProcess from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, afterEach } from "vitest";
import { OTHER_KEY, SIGN_IN_KEY, TEST_KEY } from "../helpers/fixtures.js";
import { beforeSandboxCleanup, liveSandboxes, mayHoldKey, type Sandbox } from "../helpers/sandbox.js";

const KEYS = [TEST_KEY, OTHER_KEY, SIGN_IN_KEY];
const problems: string[] = [];

function leaks(text: string): boolean {
  return KEYS.some((key) => text.includes(key) || text.includes(key.slice(9, 41)));
}

function isCli(file: string, args: readonly string[]): boolean {
  return [file, ...args].some((a) => typeof a === "string" && a.includes("claude-desktop-openrouter"));
}

/** Records a problem when a child would get the key outside the CLI's documented inputs. */
export function checkChild(file: string, args: readonly unknown[] = [], env: NodeJS.ProcessEnv | undefined = process.env): void {
  const argv = args.filter((a): a is string => typeof a === "string");
  const cli = isCli(String(file), argv);
  // A test that types the key into the wizard through tmux acts as the person at the keyboard.
  const typing = /(^|\/)tmux$/.test(String(file)) && argv.includes("send-keys");
  argv.forEach((arg, i) => {
    if (leaks(arg) && !typing && !(cli && argv[i - 1] === "--api-key"))
      problems.push(`child argv of ${file}: argument ${i} holds the API key`);
  });
  if (leaks(String(file))) problems.push(`child file name holds the API key`);
  for (const [name, value] of Object.entries(env ?? {})) {
    if (typeof value === "string" && leaks(value) && !(cli && name === "OPENROUTER_API_KEY")) {
      problems.push(`child environment of ${file}: ${name} holds the API key`);
    }
  }
}

type AnyFn = (...args: unknown[]) => unknown;
function optionsOf(args: unknown[]): { env?: NodeJS.ProcessEnv } | undefined {
  for (const a of args) if (a && typeof a === "object" && !Array.isArray(a)) return a as { env?: NodeJS.ProcessEnv };
  return undefined;
}
function wrap(name: "spawn" | "spawnSync" | "execFile" | "execFileSync" | "fork"): void {
  const real = childProcess[name] as unknown as AnyFn;
  if ((real as { __secretsWrapped?: boolean }).__secretsWrapped) return;
  const wrapped = function (this: unknown, file: unknown, ...rest: unknown[]) {
    const args = Array.isArray(rest[0]) ? (rest[0] as unknown[]) : [];
    checkChild(String(file), args, optionsOf(rest)?.env ?? process.env);
    return real.call(this, file, ...rest);
  };
  (wrapped as { __secretsWrapped?: boolean }).__secretsWrapped = true;
  keepPromisify(real, wrapped, (file, args, options) =>
    checkChild(String(file), Array.isArray(args) ? args : [], optionsOf([args, options])?.env ?? process.env),
  );
  (childProcess as unknown as Record<string, unknown>)[name] = wrapped;
}
/** execFile/exec carry a custom util.promisify ({stdout, stderr}); the wrapper must keep it. */
function keepPromisify(real: AnyFn, wrapped: AnyFn, check: (...args: unknown[]) => void): void {
  const custom = (real as unknown as Record<symbol, AnyFn | undefined>)[promisify.custom];
  if (!custom) return;
  Object.defineProperty(wrapped, promisify.custom, {
    value: (...args: unknown[]) => {
      check(...args);
      return custom(...args);
    },
  });
}
function wrapShell(name: "exec" | "execSync"): void {
  const real = childProcess[name] as unknown as AnyFn;
  if ((real as { __secretsWrapped?: boolean }).__secretsWrapped) return;
  const wrapped = function (this: unknown, command: unknown, ...rest: unknown[]) {
    if (leaks(String(command))) problems.push(`shell command holds the API key`);
    checkChild("sh", [], optionsOf(rest)?.env ?? process.env);
    return real.call(this, command, ...rest);
  };
  (wrapped as { __secretsWrapped?: boolean }).__secretsWrapped = true;
  keepPromisify(real, wrapped, (command, options) => {
    if (leaks(String(command))) problems.push(`shell command holds the API key`);
    checkChild("sh", [], optionsOf([options])?.env ?? process.env);
  });
  (childProcess as unknown as Record<string, unknown>)[name] = wrapped;
}
for (const name of ["spawn", "spawnSync", "execFile", "execFileSync", "fork"] as const) wrap(name);
for (const name of ["exec", "execSync"] as const) wrapShell(name);
// ESM named imports of node:child_process see the wrapped functions too.
syncBuiltinESMExports();

for (const method of ["log", "info", "warn", "error", "debug"] as const) {
  const real = console[method].bind(console);
  console[method] = (...args: unknown[]) => {
    if (args.some((a) => leaks(typeof a === "string" ? a : safeJson(a)))) problems.push(`console.${method} printed the API key`);
    real(...args);
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Every file under the sandbox that holds the key but may not. */
export function scanSandbox(sb: Pick<Sandbox, "dir">): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const full = join(dir, name);
      let st: ReturnType<typeof statSync>;
      try {
        st = statSync(full);
      } catch {
        continue;
      }
      if (st.isDirectory()) walk(full);
      else if (st.isFile() && st.size < 64 * 1024 * 1024 && !mayHoldKey(full)) {
        try {
          if (leaks(readFileSync(full, "latin1"))) found.push(full);
        } catch {
          // unreadable: nothing the tool could have written there
        }
      }
    }
  };
  walk(sb.dir);
  return found;
}

/** Runs fn and returns (and clears) the problems it recorded: for testing this check itself. */
export function problemsFor(fn: () => void): string[] {
  const mark = problems.length;
  fn();
  return problems.splice(mark);
}

function scanAll(): void {
  for (const sb of liveSandboxes) for (const file of scanSandbox(sb)) problems.push(`file ${file} holds the API key`);
}

beforeSandboxCleanup.push((sb) => {
  for (const file of scanSandbox(sb)) problems.push(`file ${file} holds the API key`);
});

function flush(): void {
  if (problems.length === 0) return;
  const list = [...new Set(problems.splice(0))];
  throw new Error(`Secret hygiene: the test key leaked:\n  ${list.join("\n  ")}`);
}

afterEach(() => {
  scanAll();
  flush();
});

afterAll(() => {
  flush();
});
