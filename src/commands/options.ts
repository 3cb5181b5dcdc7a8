// What every command does with its input the same way: validate the options commander hands it
// (zod), and ask before writing.
import { type $ZodType, type output, safeParse } from "zod/v4/core";
import type { Context } from "../core/context.js";
import { CliError, usageError } from "../core/errors.js";
import { ExitCode } from "../core/exit-codes.js";
import type { MessageKey } from "../i18n/catalogue.js";
import "../core/zod-messages.js";

/** The parsed options, or a usage error (exit 2) naming each bad option and why. */
export function parseOptions<S extends $ZodType>(schema: S, raw: unknown): output<S> {
  const parsed = safeParse(schema, raw);
  if (!parsed.success)
    throw usageError("error.badOptions", { detail: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") });
  return parsed.data;
}

/**
 * Asks before a write unless --yes was given; "no" (or Ctrl-C) cancels with exit 130. Without a
 * terminal it refuses (exit 2, "add --yes"): the same rule for every command that writes.
 */
export async function confirmOrCancel(ctx: Context, question: MessageKey): Promise<void> {
  if (ctx.ui.yes) return;
  if (!ctx.ui.interactive) throw usageError("error.confirmNeedsYes", {}, "hint.confirmNeedsYes");
  const { askYesNo } = await import("../wizard/prompts.js");
  if (!(await askYesNo(ctx, ctx.ui.t(question), true)))
    throw new CliError({ code: "cancelled", exitCode: ExitCode.cancelled, message: "error.cancelled" });
}
