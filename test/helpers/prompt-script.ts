// Drives the wizard's injected prompts with @inquirer/testing: every prompt the code under test
// opens is rendered on a virtual screen and handed to the test in order, to read and type into.
import { render } from "@inquirer/testing";
import * as inquirer from "@inquirer/prompts";
import type { Context } from "../../src/core/context.js";
import { createNodeContext } from "../../src/cli/node-context.js";
import { createUi } from "../../src/core/ui.js";
import type { Lang } from "../../src/i18n/catalogue.js";
import { loadMessages } from "../../src/i18n/load.js";
import { bindPrompts, type Prompts } from "../../src/wizard/prompts.js";
import { secretPrompt } from "../../src/wizard/secret-prompt.js";
import { testStreams } from "./in-process.js";

export type Rendered = Awaited<ReturnType<typeof render>>;

export interface PromptScript {
  prompts: Prompts;
  /** The next prompt the code opens (waits for it, however long the code takes to get there). */
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
      // Until the code opens one (no time limit of its own: the test's).
      return new Promise<Rendered>((resolve) => waiters.push(resolve));
    },
  };
}

/** A Context for one wizard step: sandbox env, the fake OpenRouter, collected stdout/stderr. */
export async function stepContext(env: Record<string, string>, apiUrl: string, lang: Lang = "en") {
  const messages = await loadMessages(lang);
  const ui = createUi({ messages, json: false, verbose: false, color: false, yes: false, terminals: true });
  const { stdin, stdout, stderr } = testStreams();
  const streams = { stdin, stdout, stderr };
  const ctx = createNodeContext({ env, ui, settings: { baseUrl: "https://openrouter.ai/api", apiUrl }, secrets: new Set(), streams });
  // The collectors directly, without redaction: the steps' own output is what these tests read.
  ctx.streams = streams;
  return { ctx, stdout, stderr };
}
