// The commands the tool tells people to run next ("To undo: …", doctor's fixes), carrying
// --config-dir when this run used one, so that the printed command acts on the same directory.
import { platformModule } from "./index.js";
import type { Context } from "../core/context.js";

export const CLI = "npx claude-desktop-openrouter";

function shellQuote(ctx: Context, value: string): string {
  if (/^[\w@%+=:,./\\-]+$/.test(value)) return value;
  return platformModule(ctx.platform).shellQuote(value);
}

/**
 * Plain in a shell: ASCII letters, digits and `_@%+=:,./-`, and any character beyond ASCII but the
 * invisible ones (C1 controls, spaces, zero-width and direction marks, line separators, BOM),
 * which a reader could not see to type. Ranges rather than Unicode property classes: V8 builds
 * the tables for \p{…} when it parses the pattern, at every start.
 */
const PLAIN_WORD = /^[\w@%+=:,./\u00a1-\u167f\u1681-\u1fff\u2010-\u2027\u2030-\u205e\u2070-\u2fff\u3001-\ufefe\uff00-\uffef-]+$/;

/** A word (a member's name, say) as one argument of this OS's usual shell: quoted unless it is plain. */
export function shellArgument(ctx: Pick<Context, "platform">, value: string): string {
  if (PLAIN_WORD.test(value)) return value;
  return platformModule(ctx.platform).shellQuote(value);
}

/** `npx claude-desktop-openrouter [--config-dir <dir>] <args>` */
export function nextCommand(ctx: Context, args: string): string {
  return `${commandPrefix(ctx)} ${args}`;
}

export function commandPrefix(ctx: Context): string {
  const dir = ctx.settings.configDir;
  return dir ? `${CLI} --config-dir ${shellQuote(ctx, dir)}` : CLI;
}

/** Text naming our command (a doctor fix), with --config-dir added where it names it. */
export function withConfigDir(ctx: Context, text: string): string {
  return ctx.settings.configDir ? text.split(`${CLI} `).join(`${commandPrefix(ctx)} `) : text;
}
