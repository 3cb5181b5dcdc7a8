// Runs the CLI inside the test process with a real Context whose file system can be swapped: for
// fault injection and fast command tests. Every byte the CLI writes lands in the collectors here,
// including errors raised before a Context exists.
import { PassThrough, Writable } from "node:stream";
import { run } from "../../src/cli.js";
import type { Context, FileSystem } from "../../src/core/context.js";
import { createNodeContext } from "../../src/cli/node-context.js";
import { assertNoSecret } from "./secrets.js";

export class Collector extends Writable {
  text = "";
  constructor(public isTTY = false) {
    super({ decodeStrings: false });
  }
  override _write(chunk: unknown, _e: BufferEncoding, cb: () => void): void {
    this.text += typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8");
    cb();
  }
}

export interface InProcessRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  json<T = Record<string, unknown>>(): T;
}

/** runInProcess options for a run that acts as a person at a terminal (the wizard opens). */
export const interactive = { tty: { stdin: true, stdout: true } };

/** Streams for one in-process run: collected stdout/stderr and a stdin that holds `input`. */
export function testStreams(input = "") {
  const stdin = new PassThrough();
  stdin.end(input);
  return { stdin, stdout: new Collector(), stderr: new Collector() };
}

export async function runInProcess(
  args: string[],
  env: Record<string, string>,
  options: {
    fs?: (real: FileSystem) => FileSystem;
    stdin?: string;
    tweak?: (ctx: Context) => void;
    /** Which streams act as terminals (none by default). */
    tty?: { stdin?: boolean; stdout?: boolean; stderr?: boolean };
  } = {},
): Promise<InProcessRun> {
  const streams = testStreams(options.stdin);
  const tty = { stdin: false, stdout: false, stderr: false, ...options.tty };
  streams.stdout.isTTY = tty.stdout;
  streams.stderr.isTTY = tty.stderr;
  const exitCode = await run({
    argv: ["node", "claude-desktop-openrouter", ...args],
    env,
    cwd: env.HOME ?? "/",
    ...streams,
    tty,
    makeContext: (base) => {
      const ctx = createNodeContext(base);
      if (options.fs) ctx.fs = options.fs(ctx.fs);
      options.tweak?.(ctx);
      return ctx;
    },
  });
  // The redacting streams pass writes on asynchronously: let them drain into the collectors.
  await new Promise((resolve) => setImmediate(resolve));
  const stdout = streams.stdout.text;
  const stderr = streams.stderr.text;
  assertNoSecret(stdout, "stdout");
  assertNoSecret(stderr, "stderr");
  return { exitCode, stdout, stderr, json: <T>() => JSON.parse(stdout) as T };
}
