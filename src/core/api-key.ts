// Where the API key comes from, in order: --api-key-file (or - for stdin), --api-key (warned),
// OPENROUTER_API_KEY. (The wizard's masked prompt, the sign-in and the key already in our entry
// hand theirs to acceptKey.)
import type { Context } from "./context.js";
import { CliError, usageError } from "./errors.js";
import { ExitCode } from "./exit-codes.js";
import type { Report } from "./report.js";
import type { MessageKey } from "../i18n/catalogue.js";
import { checkKeyShape, cleanKey, type KeyShape } from "../openrouter/key.js";
import { ENTRY_ID } from "../config/entry.js";
import { readJsonFile } from "../config/json-file.js";
import { entryPath } from "../config/plan.js";
import type { DataDir } from "../platform/types.js";

/** login: minted by signing in with OpenRouter; config: the key already in our entry. */
export type KeySource = "file" | "stdin" | "flag" | "env" | "prompt" | "login" | "config";

export interface ResolvedKey {
  key: string;
  source: KeySource;
  shape: KeyShape;
}

async function readStdin(ctx: Context): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.streams.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString("utf8");
}

/** The text of a key file (- reads stdin); one that cannot be read is a usage error naming it. */
export async function readKeyFile(ctx: Context, path: string, hint: MessageKey = "hint.keyMissing"): Promise<string> {
  try {
    return path === "-" ? await readStdin(ctx) : await ctx.fs.readFile(path, "utf8");
  } catch (error) {
    throw new CliError({
      code: "key.file-unreadable",
      exitCode: ExitCode.usage,
      message: "error.keyFileUnreadable",
      params: { path, reason: (error as NodeJS.ErrnoException).code ?? String(error) },
      hint,
    });
  }
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
  ctx.secrets.add(key);
  const shape = checkKeyShape(key);
  if (shape === "unusual") report.warn("key.unusual-shape", "warn.keyUnusual");
  return { key, source, shape };
}

/**
 * The key our own entry already holds (the first data directory with one), read the way every
 * command reads it (from the OS store when the entry names our helper), for the wizard's "keep
 * the current key": registered as a secret at once; undefined when there is none, it cannot be
 * read, or it is not an OpenRouter key (another tool's credential, a placeholder).
 */
export async function currentEntryKey(ctx: Context, dataDirs: DataDir[]): Promise<string | undefined> {
  const { resolveAppliedKey } = await import("../config/applied-key.js");
  for (const dir of dataDirs) {
    const read = await readJsonFile(ctx, entryPath(dir.path, ENTRY_ID)).catch(() => undefined);
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
