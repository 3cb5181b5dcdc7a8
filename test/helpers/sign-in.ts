// Helpers for the sign-in tests: a stand-in browser the tool can start (BROWSER), what it saw, and
// the page a user without a browser would read the code from.
import { spawn } from "node:child_process";
import { existsSync, readFileSync, watch } from "node:fs";
import { dirname } from "node:path";
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

/**
 * The stand-in browser writes after the page arrived, maybe after the tool went on: wait until it
 * has written `count` pages, woken by the file changing (no time limit of its own: the test's).
 */
export async function waitForVisits(out: string, count = 1): Promise<Visit[]> {
  const enough = () => {
    const seen = visits(out);
    return seen.length >= count ? seen : undefined;
  };
  const now = enough();
  if (now) return now;
  return new Promise<Visit[]>((resolve) => {
    const watcher = watch(dirname(out), () => {
      const seen = enough();
      if (!seen) return;
      watcher.close();
      resolve(seen);
    });
    // Written between the first look and the watch starting.
    const seen = enough();
    if (seen) {
      watcher.close();
      resolve(seen);
    }
  });
}

export interface LiveCli {
  /** stderr so far. */
  stderr(): string;
  /** Waits until stderr matches; fails when the process ends without it having matched. */
  waitForStderr(pattern: RegExp): Promise<RegExpExecArray>;
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
  let closed = false;
  child.on("close", () => {
    closed = true;
  });
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
    waitForStderr(pattern) {
      return new Promise<RegExpExecArray>((resolve, reject) => {
        const look = () => {
          const match = pattern.exec(stderr);
          if (!match) return false;
          child.stderr.off("data", onData);
          child.off("close", onClose);
          resolve(match);
          return true;
        };
        // After this stream's own listener above has added the chunk to stderr.
        const onData = () => look();
        const onClose = () => {
          if (!look()) reject(new Error(`the CLI ended without printing ${pattern}; stderr:\n${stderr}`));
        };
        if (look()) return;
        if (closed) return onClose();
        child.stderr.on("data", onData);
        child.on("close", onClose);
      });
    },
    write: (text) => child.stdin.write(text),
    kill: (signal) => child.kill(signal),
    done,
  };
}
