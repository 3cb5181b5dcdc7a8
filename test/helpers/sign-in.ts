// Helpers for the sign-in tests: a stand-in browser the tool can start (BROWSER), what it saw, and
// the page a user without a browser would read the code from.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { BIN } from "./sandbox.js";
import { assertNoSecret } from "./secrets.js";

/** test/helpers/browser-follow.mjs: GETs the URL it is given and follows redirects. */
export const FOLLOW_SCRIPT = fileURLToPath(new URL("./browser-follow.mjs", import.meta.url));

/** A BROWSER value that runs the stand-in browser, recording each page it lands on in `out`. */
export function followerBrowser(out: string, ...flags: ("--replay" | "--wrong-path" | "--forge")[]): string {
  return [process.execPath, FOLLOW_SCRIPT, out, ...flags].join(" ");
}

export interface Visit {
  url: string;
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  error?: string;
}

/** The pages the stand-in browser ended on, in order. */
export function visits(out: string): Visit[] {
  if (!existsSync(out)) return [];
  return readFileSync(out, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Visit);
}

/** The sign-in URL the tool printed (on stderr). */
export function signInUrlIn(text: string): string | undefined {
  return /https?:\/\/[^\s]+\/auth\?[^\s]+/.exec(text)?.[0];
}

/** What a user without a browser here does: open the URL elsewhere and read the code off the page. */
export async function codeFromPage(url: string): Promise<string> {
  const page = await (await fetch(url)).text();
  const code = /<code id="code">([^<]+)<\/code>/.exec(page)?.[1];
  if (!code) throw new Error(`no code on the page: ${page}`);
  return code;
}

/** The stand-in browser writes after the page arrived, maybe after the tool went on: wait for it. */
export async function waitForVisits(out: string, count = 1, timeoutMs = 5000): Promise<Visit[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const seen = visits(out);
    if (seen.length >= count || Date.now() > deadline) return seen;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export interface LiveCli {
  /** stderr so far. */
  stderr(): string;
  /** Waits until stderr matches. */
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  write(text: string): void;
  /** Sends the process a signal (Ctrl-C is SIGINT). */
  kill(signal: NodeJS.Signals): void;
  done: Promise<{ exitCode: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** The built CLI as a subprocess whose stderr can be read and stdin written while it runs. */
export function spawnCli(args: string[], env: Record<string, string>): LiveCli {
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  const done = new Promise<{ exitCode: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    child.on("close", (exitCode, signal) => {
      clearTimeout(timer);
      assertNoSecret(stdout, "stdout");
      assertNoSecret(stderr, "stderr");
      resolve({ exitCode, signal, stdout, stderr });
    });
  });
  return {
    stderr: () => stderr,
    async waitForStderr(pattern, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = pattern.exec(stderr);
        if (match) return match;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; stderr:\n${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    write: (text) => child.stdin.write(text),
    kill: (signal) => child.kill(signal),
    done,
  };
}
