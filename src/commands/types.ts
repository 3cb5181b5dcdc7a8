import type { Context } from "../core/context.js";

/** What every command returns: a result object (printed as JSON or rendered) and an exit code. */
export interface Outcome<R extends object = object> {
  exitCode: number;
  result: R;
}

export interface CommandModule<O, R extends object> {
  run(ctx: Context, options: O): Promise<Outcome<R>>;
  /** Human rendering of the result; people's messages go to stderr, data to stdout. */
  render(ctx: Context, outcome: Outcome<R>): void;
}
