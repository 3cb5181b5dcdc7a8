// What the `team` commands share: the management key (only from a file or the environment,
// checked to be one), the out-dir and its manifest, and finding a member's keys.
import * as z from "zod/mini";
import type { Context } from "../../core/context.js";
import { CliError, usageError } from "../../core/errors.js";
import { ExitCode } from "../../core/exit-codes.js";
import type { Report } from "../../render/report.js";
import { acceptKey, readKeyFile } from "../../config/api-key.js";
import { withLock } from "../../core/lock.js";
import { assertManagementKey, listKeys, type ManagedKey } from "../../openrouter/management.js";
import { nameIdentity } from "../../team/members.js";
import {
  findMember,
  keyNameFor,
  MANIFEST_FILE,
  readManifest,
  writeManifest,
  type Manifest,
  type ManifestMember,
} from "../../team/manifest.js";
import { checkOutDir } from "../../team/ownership.js";
import { osReason } from "../../core/os-error.js";

/** Options every team command takes for the management key; the key-as-argument forms only to refuse them. */
export const ManagementKeyOptions = {
  managementKeyFile: z.optional(z.string()),
  managementKey: z.optional(z.string()),
  apiKey: z.optional(z.string()),
  apiKeyFile: z.optional(z.string()),
};

interface KeyOptions {
  managementKeyFile?: string | undefined;
  managementKey?: string | undefined;
  apiKey?: string | undefined;
  apiKeyFile?: string | undefined;
}

/**
 * The management key, from --management-key-file (- reads stdin) or OPENROUTER_MANAGEMENT_KEY, and
 * only after GET /key said it is one (a runtime key is refused with exit 3). Never from an
 * argument: that would put it in shell history and the process list.
 */
export async function managementKey(ctx: Context, report: Report, options: KeyOptions): Promise<string> {
  for (const [value, option] of [
    [options.managementKey, "--management-key"],
    [options.apiKey, "--api-key"],
    [options.apiKeyFile, "--api-key-file"],
  ] as const) {
    if (value === undefined) continue;
    // Whatever was passed may be a key: keep it out of every output.
    if (option !== "--api-key-file") ctx.secrets.add(value.trim());
    throw usageError("error.teamKeyOption", { option }, "hint.teamManagementKey");
  }
  let raw: string | undefined;
  let source: "file" | "stdin" | "env";
  if (options.managementKeyFile !== undefined) {
    raw = await readKeyFile(ctx, options.managementKeyFile, "OPENROUTER_MANAGEMENT_KEY");
    source = options.managementKeyFile === "-" ? "stdin" : "file";
  } else {
    raw = ctx.env.OPENROUTER_MANAGEMENT_KEY;
    source = "env";
  }
  if (!raw || raw.trim() === "") {
    throw new CliError({
      code: "team.key-missing",
      exitCode: ExitCode.usage,
      message: "error.teamKeyMissing",
      hint: "hint.teamManagementKey",
    });
  }
  const { key } = acceptKey(ctx, report, raw, source);
  await report.step("step.teamCheckKey", () => assertManagementKey(ctx, key));
  return key;
}

/**
 * The manifest of an out-dir; null when the directory is missing or holds nothing yet. A
 * directory with other files in it is refused: member files hold keys and must not be scattered
 * among unrelated files.
 */
export async function outDirManifest(ctx: Context, outDir: string): Promise<Manifest | null> {
  // Every team command: nothing is read from (or later written to) a directory not the user's own.
  await checkOutDir(ctx, outDir, [MANIFEST_FILE]);
  let names: string[];
  try {
    names = await ctx.fs.readdir(outDir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return null;
    if (code === "ENOTDIR") throw usageError("error.teamOutDirNotDir", { path: outDir }, "hint.teamOutDir");
    throw new CliError({
      code: "team.write-failed",
      message: "error.teamWriteFailed",
      params: { path: outDir, reason: osReason(error) },
      cause: error,
    });
  }
  const manifest = await readManifest(ctx, outDir);
  if (manifest) return manifest;
  if (names.some((name) => !name.startsWith(".") && name !== "lock"))
    throw usageError("error.teamOutDirForeign", { path: outDir }, "hint.teamOutDir");
  return null;
}

export interface MemberKeys {
  name: string;
  /** The manifest's entry, when the member is in one. */
  entry: ManifestMember | undefined;
  keys: ManagedKey[];
}

/**
 * The keys of each named member: the manifest's key when there is a manifest, else every key named
 * "Claude Desktop – <name>" (`live` keeps the enabled ones only). Unknown names are a usage error
 * before anything changes.
 */
export function memberKeys(names: string[], manifest: Manifest | null, keys: ManagedKey[], live: boolean): MemberKeys[] {
  const found: MemberKeys[] = [];
  const unknown: string[] = [];
  for (const raw of names) {
    const name = raw.trim().normalize("NFC");
    const entry = manifest ? findMember(manifest, name) : undefined;
    const matches = entry?.hash
      ? keys.filter((k) => k.hash === entry.hash)
      : keys.filter((k) => nameIdentity(k.name) === nameIdentity(keyNameFor(name)) && (!live || !k.disabled));
    if (matches.length === 0 && !entry) unknown.push(name);
    else found.push({ name: entry?.name ?? name, entry, keys: matches });
  }
  if (unknown.length > 0) throw usageError("error.teamUnknownMembers", { names: unknown.join(", ") }, "hint.teamUnknownMembers");
  return found;
}

export interface KeysSession {
  manifest: Manifest | null;
  /** The management key, checked. */
  key: string;
  /** Every key of the account. */
  keys: ManagedKey[];
  /** Saves the manifest (when there is one). */
  save(): Promise<void>;
}

/**
 * The management key, the out-dir's manifest (when --out-dir is given) and the account's keys, for
 * revoke and set-limit; under the out-dir's lock when there is a manifest to change.
 */
export async function withKeys<R>(
  ctx: Context,
  report: Report,
  options: KeyOptions & { outDir?: string | undefined },
  work: (session: KeysSession) => Promise<R>,
): Promise<R> {
  const { outDir } = options;
  const go = async () => {
    const manifest = outDir !== undefined ? await outDirManifest(ctx, outDir) : null;
    const key = await managementKey(ctx, report, options);
    const keys = await report.step("step.teamListKeys", () => listKeys(ctx, key));
    const save = async () => {
      if (manifest && outDir !== undefined) await writeManifest(ctx, outDir, manifest);
    };
    return work({ manifest, key, keys, save });
  };
  return outDir !== undefined && (await outDirManifest(ctx, outDir)) ? withLock(ctx, outDir, go) : go();
}
