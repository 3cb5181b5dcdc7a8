// What every wizard step works with: the context, the run's report and the prompts, and one way
// to say something to the person at the terminal. The steps are one module each (./intro.ts,
// ./key-step.ts, ./models-step.ts, ./egress-step.ts), one function each, so each can be driven on
// its own in tests with injected prompts. Messages for people go to stderr; no step writes a file.
import type { Context } from "../core/context.js";
import type { Report } from "../render/report.js";
import { outputWidth, wrapHuman } from "../render/style.js";
import type { Prompts } from "./prompts.js";

export interface StepIo {
  ctx: Context;
  report: Report;
  prompts: Prompts;
}

/** A message for people on stderr, wrapped to the terminal (marks and indents hang). */
export function say(ctx: Context, text = ""): void {
  ctx.streams.stderr.write(`${wrapHuman(text, outputWidth(ctx))}\n`);
}
