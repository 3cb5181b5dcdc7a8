// Runs the CLI inside the test process with a real Context whose file system and streams can be
// swapped: for fault injection and fast command tests.
import { PassThrough, Writable } from "node:stream";
import { run } from "../../src/cli.js";
import type { Context, FileSystem } from "../../src/core/context.js";
import { createNodeContext } from "../../src/core/node-context.js";
import { assertNoSecret } from "./secrets.js";

class Collector extends Writable {
  text = "";
  isTTY = false;
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

export async function runInProcess(
  args: string[],
  env: Record<string, string>,
  options: { fs?: (real: FileSystem) => FileSystem; stdin?: string; tweak?: (ctx: Context) => void } = {},
): Promise<InProcessRun> {
  const stdout = new Collector();
  const stderr = new Collector();
  const stdin = new PassThrough();
  stdin.end(options.stdin ?? "");
  const exitCode = await run({
    argv: ["node", "claude-desktop-openrouter", ...args],
    env,
    cwd: env.HOME ?? "/",
    stdinIsTTY: false,
    stdoutIsTTY: false,
    makeContext: (base) => {
      const ctx = createNodeContext(base);
      ctx.streams = { stdin, stdout: stdout as never, stderr: stderr as never };
      if (options.fs) ctx.fs = options.fs(ctx.fs);
      options.tweak?.(ctx);
      return ctx;
    },
  });
  assertNoSecret(stdout.text, "stdout");
  assertNoSecret(stderr.text, "stderr");
  return { exitCode, stdout: stdout.text, stderr: stderr.text, json: <T>() => JSON.parse(stdout.text) as T };
}
