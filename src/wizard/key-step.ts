// Step 3: the key, from the options, OPENROUTER_API_KEY, the entry (kept), a paste or a sign-in
// (only chosen here, with its cap: the key is created after the plan is confirmed), then checked.
import type { Context } from "../core/context.js";
import { isCliError } from "../core/errors.js";
import { ExitCode } from "../core/exit-codes.js";
import type { Report } from "../render/report.js";
import { acceptKey, pendingSignIn, resolveKey, type ResolvedKey } from "../config/api-key.js";
import { getKeyInfo, type KeyInfo } from "../openrouter/api.js";
import { checkKeyShape, cleanKey, KEYS_PAGE, maskKey } from "../openrouter/key.js";
import { keyVerdict } from "../openrouter/key-verdict.js";
import type { KeyLimitReset } from "../openrouter/oauth.js";
import { keyInfoRows } from "../render/figures.js";
import { outputWidth, style, table } from "../render/style.js";
import { sentences } from "../i18n/catalogue.js";
import { say, type StepIo } from "./io.js";

/**
 * The shape problem of a typed key, as the prompt's validation message (nothing is sent), with
 * advice for someone at the prompt rather than for a command line.
 */
export function shapeProblem(ctx: Context, raw: string): true | string {
  try {
    checkKeyShape(cleanKey(raw));
    return true;
  } catch (error) {
    if (!isCliError(error)) throw error;
    return sentences(ctx.ui.t(error.messageKey, error.params), ctx.ui.t("wizard.key.pasteHint"));
  }
}

export interface KeyStepOptions {
  apiKeyFile?: string | undefined;
  apiKey?: string | undefined;
  skipKeyCheck?: boolean;
  /** --login: sign in straight away instead of asking how to connect. */
  login?: boolean;
  /** false (--no-browser): signing in shows a code to paste instead of opening a browser here. */
  browser?: boolean;
  /** The key our entry already holds: offered first, as the default. */
  currentKey?: string | undefined;
  /** --key-limit given: the cap of a key sign-in creates; otherwise the wizard asks. */
  cap?: { limit?: number; reset?: KeyLimitReset };
}

type Way = "keep" | "login" | "headless" | "paste";

/** The masked prompt for a key, with where keys come from said first. */
async function pasteKey(io: StepIo): Promise<ResolvedKey> {
  const { ctx, report, prompts } = io;
  say(ctx, style(ctx).dim(ctx.ui.t("wizard.key.where", { url: KEYS_PAGE })));
  const raw = await prompts.password({
    message: ctx.ui.t("wizard.key.prompt"),
    mask: "*",
    toggleMask: false,
    validate: (value) => shapeProblem(ctx, value),
  });
  return acceptKey(ctx, report, raw, "prompt");
}

/**
 * "How do you want to connect?": keep the current key (when there is one; the default), sign in
 * in the browser (recommended), sign in from another device, or paste a key. A sign-in that fails
 * says why and asks again.
 */
async function connect(io: StepIo, currentKey: string | undefined, browser: boolean, cap: KeyStepOptions["cap"]): Promise<ResolvedKey> {
  const { ctx, report, prompts } = io;
  const t = ctx.ui.t;
  const choices = [
    ...(currentKey
      ? [
          {
            value: "keep" as Way,
            name: t("wizard.connect.keep", { masked: maskKey(currentKey) }),
            description: t("wizard.connect.keepHelp"),
          },
        ]
      : []),
    ...(browser ? [{ value: "login" as Way, name: t("wizard.connect.login"), description: t("wizard.connect.loginHelp") }] : []),
    { value: "headless" as Way, name: t("wizard.connect.headless"), description: t("wizard.connect.headlessHelp") },
    { value: "paste" as Way, name: t("wizard.connect.paste"), description: t("wizard.connect.pasteHelp") },
  ];
  const way = await prompts.select<Way>({ message: t("wizard.connect.message"), choices, default: choices[0]!.value });
  if (way === "keep" && currentKey) return acceptKey(ctx, report, currentKey, "config");
  if (way === "paste") return pasteKey(io);
  // Sign-in comes after the plan is confirmed: here it is only chosen, with its cap.
  return pendingSignIn({ browser: way === "login", ...(cap ?? (await askCap(io))) });
}

/** The spending cap of the key sign-in will create: an amount (empty: none) and when it starts again. */
async function askCap(io: StepIo): Promise<{ limit?: number; reset?: KeyLimitReset }> {
  const t = io.ctx.ui.t;
  const text = await io.prompts.input({
    message: t("wizard.cap.prompt"),
    validate: (value) =>
      value.trim() === "" || (Number(value.trim()) > 0 && Number.isFinite(Number(value.trim()))) || t("wizard.cap.invalid"),
  });
  if (text.trim() === "") return {};
  const reset = await io.prompts.select<KeyLimitReset>({
    message: t("wizard.cap.reset"),
    choices: (["monthly", "weekly", "daily", "never"] as const).map((value) => ({ value, name: t(`setup.signInReset.${value}`) })),
    default: "monthly",
  });
  return { limit: Number(text.trim()), reset };
}

/**
 * Step 3: the key. Key options are taken as given and --login signs in at once; a key in
 * OPENROUTER_API_KEY is offered (masked) with a confirm; otherwise the user chooses how to connect.
 * The key check runs with a spinner; a rejected key shows the reason and the keys page, and the
 * user may connect with another one.
 */
export async function keyStep(io: StepIo, options: KeyStepOptions = {}): Promise<{ key: ResolvedKey; info: KeyInfo | null }> {
  const { ctx, report, prompts } = io;
  const t = ctx.ui.t;
  const s = style(ctx);
  const fromOptions = options.apiKeyFile !== undefined || options.apiKey !== undefined;
  const browser = options.browser !== false;
  let currentKey = options.currentKey;
  let pending: ResolvedKey | undefined;
  if (fromOptions) {
    pending = await resolveKey(ctx, report, options);
  } else if (options.login) {
    pending = pendingSignIn({ browser, ...(options.cap ?? (await askCap(io))) });
  } else if (ctx.env.OPENROUTER_API_KEY) {
    const envKey = cleanKey(ctx.env.OPENROUTER_API_KEY);
    ctx.secrets.add(envKey);
    if (await prompts.confirm({ message: t("wizard.key.useEnv", { masked: maskKey(envKey) }), default: true })) {
      const problem = shapeProblem(ctx, envKey);
      if (problem === true) pending = await resolveKey(ctx, report, {});
      else say(ctx, `${s.symbols.error} ${problem}`);
    }
  }
  for (;;) {
    pending ??= await connect(io, currentKey, browser, options.cap);
    const key = pending;
    // A key sign-in will create is checked once it exists, after the plan is confirmed.
    if (key.signIn) return { key, info: null };
    if (options.skipKeyCheck) {
      report.warn("key.not-checked", "warn.keyNotChecked");
      return { key, info: null };
    }
    try {
      const info = await report.step("step.checkKey", () => getKeyInfo(ctx, key.key));
      // Refused first; its warnings (a cap used up, say) after "accepted", in the order things are known.
      const warnings: Parameters<Report["warn"]>[] = [];
      keyVerdict(ctx, info, { warn: (...args) => void warnings.push(args) });
      say(ctx, `${s.symbols.ok} ${t("wizard.key.accepted")}`);
      say(ctx, table(keyInfoRows(ctx, info, maskKey(key.key), ctx.clock.now()), "  ", 0, outputWidth(ctx)));
      for (const args of warnings) report.warn(...args);
      say(ctx);
      return { key, info };
    } catch (error) {
      if (isCliError(error) && error.code.startsWith("network.")) {
        // Like a rejected key: nothing is written; try again, another key, or stop.
        say(ctx, `${s.symbols.error} ${t(error.messageKey, error.params)}`);
        if (error.hintKey) say(ctx, `  ${t(error.hintKey, error.hintParams)}`);
        say(ctx, `  ${t("wizard.net.nothingWritten")}`);
        const next = await prompts.select<"retry" | "other" | "stop">({
          message: t("wizard.net.message"),
          choices: [
            { value: "retry", name: t("wizard.net.retry") },
            ...(fromOptions ? [] : [{ value: "other" as const, name: t("wizard.net.anotherKey") }]),
            { value: "stop", name: t("wizard.net.stop") },
          ],
          default: "retry",
        });
        if (next === "stop") throw error;
        if (next === "other") {
          if (key.source === "config") currentKey = undefined;
          pending = undefined;
        }
        continue;
      }
      if (!isCliError(error) || error.exitCode !== ExitCode.keyRejected) throw error;
      say(ctx, `${s.symbols.error} ${t(error.messageKey, error.params)}`);
      say(ctx, `  ${t("wizard.key.newKeyAt", { url: KEYS_PAGE })}`);
      if (fromOptions || !(await prompts.confirm({ message: t("wizard.key.tryAnother"), default: true }))) throw error;
      if (key.source === "config") currentKey = undefined;
      pending = undefined;
    }
  }
}
