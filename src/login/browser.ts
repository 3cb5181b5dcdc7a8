// Opening the sign-in page: the command in BROWSER when set, else the platform's opener (under the
// system root), started detached by the process runner without a shell. The URL is its last
// argument and holds nothing secret; the child gets the runner's minimal environment.
import { basename } from "node:path";
import type { Context } from "../core/context.js";
import { platformModule } from "../platform/index.js";
import { osReason } from "../core/os-error.js";

export interface BrowserLaunch {
  /** Why no browser could be opened, in the user's language; null when an opener was started. */
  problem: string | null;
  /** Settles with a reason if the opener ends with a failure while the tool still waits. */
  laterFailure: Promise<string>;
}

/** BROWSER as a command line: the program and its arguments, split on white space. */
export function browserCommand(value: string | undefined): { file: string; args: string[] } | null {
  const words = (value ?? "").trim().split(/\s+/).filter(Boolean);
  const [file, ...args] = words;
  return file ? { file, args } : null;
}

export async function openBrowser(ctx: Context, url: string): Promise<BrowserLaunch> {
  const t = ctx.ui.t;
  const never = new Promise<string>(() => undefined);
  const command = browserCommand(ctx.env.BROWSER) ?? platformModule(ctx.platform).browserOpener(ctx);
  if ("unavailable" in command) {
    return { problem: t(command.unavailable === "ssh" ? "login.reason.ssh" : "login.reason.noDisplay"), laterFailure: never };
  }
  const name = basename(command.file);
  if (!ctx.proc.spawnDetached) return { problem: t("login.reason.notStarted", { command: name, error: "-" }), laterFailure: never };
  let reportFailure: (reason: string) => void = () => undefined;
  const laterFailure = new Promise<string>((resolve) => {
    reportFailure = resolve;
  });
  try {
    await ctx.proc.spawnDetached(command.file, [...command.args, url], {
      onExit: (code) => {
        if (code !== 0) reportFailure(t("login.reason.failed", { command: name, code: code ?? "-" }));
      },
    });
  } catch (error) {
    return { problem: t("login.reason.notStarted", { command: name, error: osReason(error) }), laterFailure: never };
  }
  return { problem: null, laterFailure };
}
