// Drives the wizard's injected prompts with @inquirer/testing: every prompt the code under test
// opens is rendered on a virtual screen and handed to the test in order, to read and type into.
import { render } from "@inquirer/testing";
import * as inquirer from "@inquirer/prompts";
import { PassThrough, Writable } from "node:stream";
import type { Context } from "../../src/core/context.js";
import { createNodeContext } from "../../src/core/node-context.js";
import { createUi } from "../../src/core/ui.js";
import { loadMessages, type Lang } from "../../src/i18n/catalogue.js";
import { bindPrompts, type Prompts } from "../../src/wizard/prompts.js";
import { secretPrompt } from "../../src/wizard/secret-prompt.js";

export type Rendered = Awaited<ReturnType<typeof render>>;

export interface PromptScript {
  prompts: Prompts;
  /** The next prompt the code opens (waits for it). */
  next(): Promise<Rendered>;
  /** Every prompt opened so far. */
  all: Rendered[];
}

export function scriptPrompts(ctx: Pick<Context, "ui">): PromptScript {
  const ready: Rendered[] = [];
  const waiters: ((r: Rendered) => void)[] = [];
  const all: Rendered[] = [];
  // biome-ignore lint/suspicious/noExplicitAny: any inquirer prompt function
  const wrap = (prompt: any) => async (config: unknown) => {
    const handle = await render(prompt, config as never);
    all.push(handle);
    const waiter = waiters.shift();
    if (waiter) waiter(handle);
    else ready.push(handle);
    return handle.answer;
  };
  const prompts = bindPrompts(
    ctx,
    {
      confirm: wrap(inquirer.confirm),
      password: wrap(secretPrompt),
      input: wrap(inquirer.input),
      select: wrap(inquirer.select),
      checkbox: wrap(inquirer.checkbox),
    },
    () => ({}),
  );
  return {
    prompts,
    all,
    next: () => {
      const handle = ready.shift();
      if (handle) return Promise.resolve(handle);
      return new Promise<Rendered>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("no prompt opened within 5 s")), 5000);
        waiters.push((r) => {
          clearTimeout(timer);
          resolve(r);
        });
      });
    },
  };
}

export class Collector extends Writable {
  text = "";
  isTTY = false;
  override _write(chunk: unknown, _e: BufferEncoding, cb: () => void): void {
    this.text += typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8");
    cb();
  }
}

/** A Context for one wizard step: sandbox env, the fake OpenRouter, collected stdout/stderr. */
export async function stepContext(env: Record<string, string>, apiUrl: string, lang: Lang = "en") {
  const messages = await loadMessages(lang);
  const ui = createUi({ messages, json: false, verbose: false, color: false, yes: false, terminals: true });
  const ctx = createNodeContext({ env, ui, settings: { baseUrl: "https://openrouter.ai/api", apiUrl }, secrets: new Set() });
  const stdout = new Collector();
  const stderr = new Collector();
  const stdin = new PassThrough();
  ctx.streams = { stdin, stdout: stdout as never, stderr: stderr as never };
  return { ctx, stdout, stderr };
}
