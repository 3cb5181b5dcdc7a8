// Sign in with OpenRouter (docs/sign-in.md): the user approves in the browser and OpenRouter
// mints a key for Claude Desktop, so there is no key to create, copy or paste. With a browser here,
// OpenRouter sends the browser back to a loopback server with a code; without one, its page shows
// the code and the user pastes it. Either way the code and the PKCE verifier buy the key.
import type { Readable } from "node:stream";
import type { Context } from "../core/context.js";
import { CliError } from "../core/errors.js";
import { ExitCode } from "../core/exit-codes.js";
import type { Report } from "../render/report.js";
import { acceptKey, type ResolvedKey } from "../config/api-key.js";
import { readSeams } from "../core/seams.js";
import { cleanKey } from "../openrouter/key.js";
import { createPkce, exchangeCode, type KeyRequest, signInUrl, type Pkce } from "../openrouter/oauth.js";
import { style } from "../render/style.js";
import type { Prompts } from "../wizard/prompts.js";
import { openBrowser } from "./browser.js";
import { startCallbackServer } from "./callback-server.js";
import { plural } from "../i18n/phrase.js";

/** OpenRouter's codes are valid for 10 minutes: waiting longer cannot succeed. */
export const CODE_LIFETIME_MS = 10 * 60_000;

export interface SignInOptions {
  /** false: no browser on this machine; OpenRouter's page shows a code to paste here. */
  browser: boolean;
  /** The prompts for the pasted code (the wizard's own); loaded when needed. */
  prompts?: Prompts;
  /** Run from the wizard: advice names its choices rather than command-line options. */
  wizard?: boolean;
  /** The key's name on the account and its cap (keyLabel() and the user's choice). */
  key?: KeyRequest;
}

function say(ctx: Context, text = ""): void {
  ctx.streams.stderr.write(`${text}\n`);
}

/** How long to wait for the browser: the code's lifetime, or the test seam's milliseconds. */
function waitLimitMs(ctx: Context): number {
  return readSeams(ctx.env).loginTimeoutMs ?? CODE_LIFETIME_MS;
}

function duration(ctx: Context, ms: number): string {
  return ms >= 60_000
    ? ctx.ui.t(plural("login.minutes", Math.round(ms / 60_000)))
    : ctx.ui.t("login.seconds", { count: Math.round(ms / 100) / 10 });
}

export function cancelled(): CliError {
  return new CliError({ code: "cancelled", exitCode: ExitCode.cancelled, message: "error.cancelled" });
}

/** Signs in and returns the new key, registered as a secret and shape-checked like any key. */
export async function signIn(ctx: Context, report: Report, options: SignInOptions): Promise<ResolvedKey> {
  const pkce = createPkce();
  // The challenge is public by design (only the verifier is secret): the page's address is shown whole.
  ctx.publicValues.add(pkce.challenge);
  const code = options.browser
    ? await codeFromBrowser(ctx, report, pkce, options.wizard ?? false, options.key)
    : await codeFromUser(ctx, pkce, options.prompts, options.key);
  const key = await report.step("step.loginExchange", () => exchangeCode(ctx, code, pkce));
  say(ctx, `${style(ctx).symbols.ok} ${ctx.ui.t("login.signedIn")}`);
  return acceptKey(ctx, report, key, "login");
}

/** The browser variant: loopback server, the page opened (or shown to open by hand), the wait. */
async function codeFromBrowser(ctx: Context, report: Report, pkce: Pkce, wizard: boolean, key?: KeyRequest): Promise<string> {
  const t = ctx.ui.t;
  const s = style(ctx);
  const server = await startCallbackServer(ctx, readSeams(ctx.env).callbackPort ?? 0);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let waiting = true;
  try {
    const url = signInUrl(ctx, pkce, server.callbackUrl, key, server.state);
    // Shown whole on this terminal (to open by hand). The browser gets the loopback start address
    // instead, which redirects once to it: the state never appears in a command line.
    ctx.publicValues.add(url);
    server.startAt(url);
    say(ctx, t("login.open"));
    say(ctx, `  ${url}`);
    const launch = await openBrowser(ctx, server.startUrl);
    const noBrowser = (reason: string) =>
      `${s.symbols.warn} ${t("login.noBrowser", { reason })}\n  ${t(wizard ? "login.noBrowserWizard" : "login.noBrowserFlag")}`;
    if (launch.problem) say(ctx, noBrowser(launch.problem));
    else say(ctx, s.dim(t("login.browserOpened")));
    void launch.laterFailure.then((reason) => {
      // Printed over the spinner's line; the spinner draws itself again below.
      if (waiting) ctx.streams.stderr.write(`${ctx.streams.stderr.isTTY && !ctx.ui.json ? "\r\u001b[2K" : ""}${noBrowser(reason)}\n`);
    });
    const limitMs = waitLimitMs(ctx);
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new CliError({
              code: "login.timeout",
              message: "error.loginTimeout",
              params: { duration: duration(ctx, limitMs) },
              hint: "hint.loginTimeout",
            }),
          ),
        limitMs,
      );
    });
    let cancel: () => void = () => undefined;
    const interrupted = new Promise<never>((_, reject) => {
      cancel = () => reject(cancelled());
    });
    for (const p of [expired, interrupted]) p.catch(() => undefined);
    if (ctx.ui.json || !ctx.streams.stderr.isTTY) say(ctx, t("step.loginWait"));
    const outcome = await report.step("step.loginWait", () => Promise.race([server.outcome, expired, interrupted]), {}, cancel);
    if ("intercepted" in outcome) {
      throw new CliError({ code: "login.intercepted", message: "error.loginIntercepted", hint: "hint.loginIntercepted" });
    }
    if ("error" in outcome) {
      throw new CliError({
        code: "login.denied",
        message: "error.loginDenied",
        params: { reason: outcome.error },
        hint: "hint.loginDenied",
      });
    }
    return outcome.code;
  } finally {
    waiting = false;
    clearTimeout(timer);
    await server.close();
  }
}

/** The variant without a browser here: the URL to open anywhere, then the code it shows. */
async function codeFromUser(ctx: Context, pkce: Pkce, prompts?: Prompts, key?: KeyRequest): Promise<string> {
  const t = ctx.ui.t;
  say(ctx, t("login.headlessOpen"));
  say(ctx, `  ${signInUrl(ctx, pkce, undefined, key)}`);
  say(ctx, t("login.headlessThen"));
  let raw: string;
  if (ctx.ui.interactive || ctx.streams.stdin.isTTY) {
    const ask = prompts ?? (await (await import("../wizard/prompts.js")).loadPrompts(ctx));
    raw = await ask.password({
      message: t("login.codePrompt"),
      mask: "*",
      validate: (value) => cleanKey(value).length > 0 || t("login.codeEmpty"),
    });
  } else {
    raw = await readLine(ctx.streams.stdin);
  }
  const code = cleanKey(raw);
  if (!code)
    throw new CliError({ code: "login.no-code", exitCode: ExitCode.usage, message: "error.loginNoCode", hint: "hint.loginNoCode" });
  ctx.secrets.add(code);
  return code;
}

/** One line from a stdin that is not a terminal (the rest is left unread). */
function readLine(stdin: Readable): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    const finish = (result: () => void) => {
      stdin.off("data", onData);
      stdin.off("end", onEnd);
      stdin.off("error", onError);
      stdin.pause();
      result();
    };
    const onData = (chunk: Buffer | string) => {
      text += String(chunk);
      const end = text.indexOf("\n");
      if (end >= 0) finish(() => resolve(text.slice(0, end)));
    };
    const onEnd = () => finish(() => resolve(text));
    const onError = (error: Error) => finish(() => reject(error));
    stdin.on("data", onData);
    stdin.once("end", onEnd);
    stdin.once("error", onError);
    stdin.resume();
  });
}
