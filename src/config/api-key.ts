// Where the API key comes from, in order: --api-key-file (or - for stdin), --api-key (warned),
// OPENROUTER_API_KEY. (The wizard's masked prompt, the sign-in and the key already in our entry
// hand theirs to acceptKey.)
import type { KeyLimitReset } from "../openrouter/oauth.js";
import type { Context } from "../core/context.js";
import { CliError, usageError } from "../core/errors.js";
import { ExitCode } from "../core/exit-codes.js";
import type { Report } from "../render/report.js";
import type { MessageKey, Phrase } from "../i18n/catalogue.js";
import { errnoOf, osReason } from "../core/os-error.js";
import { READ_LIMITS, readRegularFile, readStreamLimited } from "../core/safe-read.js";
import { checkKeyShape, cleanKey, type KeyShape } from "../openrouter/key.js";
import { ENTRY_ID } from "./entry.js";
import { type JsonReads, readJson } from "./json-reads.js";
import { entryPath } from "./library-paths.js";
import { type SignInRecord, signInRecordFor } from "./state.js";
import type { DataDir } from "../platform/types.js";

/** login: minted by signing in with OpenRouter; config: the key already in our entry. */
export type KeySource = "file" | "stdin" | "flag" | "env" | "prompt" | "login" | "config";

export interface ResolvedKey {
  key: string;
  source: KeySource;
  shape: KeyShape;
  /**
   * Sign-in chosen but not done yet: `key` is a placeholder the plan shows. The key is created
   * only after the user confirmed the plan (never in a dry run), with this cap.
   */
  signIn?: PendingSignIn;
}

export interface PendingSignIn {
  /** false: the variant with a code pasted from another device. */
  browser: boolean;
  /** USD; undefined: no cap. */
  limit?: number | undefined;
  reset?: KeyLimitReset | undefined;
}

/** What the plan shows for the key sign-in will create: no key exists yet. */
const SIGN_IN_PLACEHOLDER = `sk-or-v1-${"0".repeat(64)}`;

/** A sign-in to do once the plan is confirmed. */
export function pendingSignIn(signIn: PendingSignIn): ResolvedKey {
  return { key: SIGN_IN_PLACEHOLDER, source: "login", shape: "ok", signIn };
}

async function readStdin(ctx: Context): Promise<string> {
  return (await readStreamLimited(ctx.streams.stdin, READ_LIMITS.key, "-")).toString("utf8");
}

/** The variable that can hold the key instead of a file: the hint names it as the other way. */
export type KeyEnvName = "OPENROUTER_API_KEY" | "OPENROUTER_MANAGEMENT_KEY";

/**
 * The text of a key file (- reads stdin). A file that is missing, a folder, unreadable or empty
 * is a usage error naming it, with the fix that fits and the environment variable as the other way.
 */
export async function readKeyFile(ctx: Context, path: string, env: KeyEnvName = "OPENROUTER_API_KEY"): Promise<string> {
  const fail = (code: "key.file-unreadable" | "key.empty", message: MessageKey, hint: MessageKey, reason?: Phrase) =>
    new CliError({ code, exitCode: ExitCode.usage, message, params: { path, ...(reason ? { reason } : {}) }, hint, hintParams: { env } });
  let text: string;
  try {
    text = path === "-" ? await readStdin(ctx) : (await readRegularFile(ctx, path, { limit: READ_LIMITS.key })).toString("utf8");
  } catch (error) {
    const code = errnoOf(error);
    if (code === "ENOENT") throw fail("key.file-unreadable", "error.keyFileMissing", "hint.keyFilePath");
    if (code === "EISDIR") throw fail("key.file-unreadable", "error.keyFileFolder", "hint.keyFilePath");
    if (code === "not-a-file" || code === "too-large")
      throw fail("key.file-unreadable", "error.keyFileUnreadable", "hint.keyFilePath", osReason(error));
    throw fail("key.file-unreadable", "error.keyFileUnreadable", "hint.keyFileUnreadable", osReason(error));
  }
  if (cleanKey(text) === "") {
    throw path === "-"
      ? fail("key.empty", "error.keyStdinEmpty", "hint.keyStdinEmpty")
      : fail("key.empty", "error.keyFileEmpty", "hint.keyFileEmpty");
  }
  return text;
}

export async function resolveKey(
  ctx: Context,
  report: Report,
  options: { apiKeyFile?: string | undefined; apiKey?: string | undefined },
): Promise<ResolvedKey> {
  if (options.apiKeyFile !== undefined && options.apiKey !== undefined) {
    throw usageError("error.keyTwoSources", {}, "hint.keyMissing");
  }
  let raw: string | undefined;
  let source: KeySource;
  if (options.apiKeyFile !== undefined) {
    source = options.apiKeyFile === "-" ? "stdin" : "file";
    raw = await readKeyFile(ctx, options.apiKeyFile);
  } else if (options.apiKey !== undefined) {
    source = "flag";
    raw = options.apiKey;
    report.warn("key.on-command-line", "warn.keyOnCommandLine");
  } else if (ctx.env.OPENROUTER_API_KEY) {
    source = "env";
    raw = ctx.env.OPENROUTER_API_KEY;
  } else {
    throw new CliError({ code: "key.missing", exitCode: ExitCode.usage, message: "error.keyMissing", hint: "hint.keyMissing" });
  }
  return acceptKey(ctx, report, raw, source);
}

/** A key as given: cleaned, registered for redaction, its shape checked (an unusual one warned). */
export function acceptKey(ctx: Context, report: Report, raw: string, source: KeySource): ResolvedKey {
  const key = cleanKey(raw);
  // Files and stdin were judged when read; here, the sources that name themselves.
  if (key === "" && (source === "env" || source === "flag")) {
    throw new CliError({
      code: "key.empty",
      exitCode: ExitCode.usage,
      message: source === "env" ? "error.keyEnvEmpty" : "error.keyFlagEmpty",
      hint: source === "env" ? "hint.keyEnvEmpty" : "hint.keyFlagEmpty",
    });
  }
  ctx.secrets.add(key);
  const shape = checkKeyShape(key);
  if (shape === "unusual") report.warn("key.unusual-shape", "warn.keyUnusual");
  return { key, source, shape };
}

/**
 * The key our own entry already holds (the first data directory with one), read the way every
 * command reads it (from the OS store when the entry names our helper), for the wizard's "keep
 * the current key": registered as a secret at once; undefined when there is none, it cannot be
 * read, or it is not an OpenRouter key (another tool's credential, a placeholder). `reads`: the
 * run's reads, when it has them.
 */
export async function currentEntryKey(ctx: Context, dataDirs: DataDir[], reads?: JsonReads): Promise<string | undefined> {
  const { resolveAppliedKey } = await import("./applied-key.js");
  for (const dir of dataDirs) {
    const read = await readJson(ctx, entryPath(dir.path, ENTRY_ID), { own: true }, reads).catch(() => undefined);
    if (!read || !("value" in read) || read.raw === null) continue;
    const owner = await resolveAppliedKey(ctx, { id: ENTRY_ID, name: null, settings: read.value });
    if (owner.status !== "ours") continue;
    try {
      checkKeyShape(owner.key);
    } catch {
      continue;
    }
    return owner.key;
  }
  return undefined;
}

/** The key in our entry when an earlier sign-in here made it (state.json holds its hash), with that record. */
export async function signInKeyInUse(
  ctx: Context,
  targets: { dataDirs: DataDir[]; stateDir: string },
  reads?: JsonReads,
): Promise<{ key: string; record: SignInRecord } | null> {
  const key = await currentEntryKey(ctx, targets.dataDirs, reads);
  const record = key ? await signInRecordFor(ctx, targets.stateDir, key, reads) : null;
  return key && record ? { key, record } : null;
}
