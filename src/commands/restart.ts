// `restart`: quit (as `quit` does), start Claude Desktop again detached, and confirm (docs/commands.md#quit-and-restart).
import type { Context } from "../core/context.js";
import type { Outcome } from "./types.js";
import { runLifecycle, type LifecycleCommandResult, type LifecycleOptions } from "./quit.js";

export { options, render } from "./quit.js";

export function run(ctx: Context, options: LifecycleOptions): Promise<Outcome<LifecycleCommandResult>> {
  return runLifecycle(ctx, options, "restart");
}
