// The key kept in the OS secret store instead of the entry (docs/keychain.md): the store of this
// OS (one module each, picked by platform id), the helper the entry names, and the store's part
// in the write flow: the key goes in just before the files are written (and back out if they
// could not be), and comes out of the store only after the entry that needed it is gone.
import type { Context } from "../core/context.js";
import { CliError } from "../core/errors.js";
import type { Report } from "../render/report.js";
import type { HelperSettings } from "../config/entry.js";
import type { PlannedChange } from "../config/plan.js";
import { CMD } from "../render/findings.js";
import { HELPER_FIX, type HelperProblem } from "./helper-run.js";
import type { HelperFile, StoreProblem, StoreRead } from "./types.js";
import { keyStore } from "./store.js";

export { keyStore } from "./store.js";
export { HELPER_EXIT, type StoreProblem, type StoreProblemKind, type StoreRead } from "./types.js";

/**
 * How long the app keeps the key before it runs the helper again. The key does not expire: it
 * changes only through setup (which restarts the app), and the app runs the helper again after
 * a 401 anyway, so once a day is enough.
 */
export const HELPER_TTL_SEC = 86_400;

export function helperFiles(ctx: Context, stateDir: string): HelperFile[] {
  return keyStore(ctx).helperFiles(ctx, stateDir);
}

/** The helper our entry names: the first of the helper files. */
export function ourHelperPath(ctx: Context, stateDir: string): string {
  return helperFiles(ctx, stateDir)[0]!.path;
}

/** The helper keys of our entry when the key is in the store. */
export function helperSettings(ctx: Context, stateDir: string): HelperSettings {
  const keys = keyStore(ctx).helperKeys(ourHelperPath(ctx, stateDir));
  return { path: keys.path, ...(keys.windowsPath ? { windowsPath: keys.windowsPath } : {}), ttlSec: HELPER_TTL_SEC };
}

/** The helper the app would run for these settings, when it runs one (the credential kind says so, or only a helper is set). */
export function entryHelper(ctx: Pick<Context, "platform">, settings: Record<string, unknown>): string | null {
  const kind = settings.inferenceCredentialKind;
  const path = keyStore(ctx).helperPathOf(settings);
  if (kind === "helper-script") return path;
  const hasKey = typeof settings.inferenceGatewayApiKey === "string" && settings.inferenceGatewayApiKey !== "";
  return (kind === undefined || kind === null || kind === "") && !hasKey ? path : null;
}

/** The entry names our own helper: its key is in our store item. */
export function usesOurHelper(ctx: Context, settings: Record<string, unknown>, stateDir: string): boolean {
  return entryHelper(ctx, settings) === ourHelperPath(ctx, stateDir);
}

const PROBLEM_CODES = { missing: "item-missing", locked: "locked", unavailable: "unavailable" } as const;

/** A store problem in the words of the helper's problems. */
export function storeProblem(problem: StoreProblem): HelperProblem {
  return { code: PROBLEM_CODES[problem.kind], detail: problem.detail };
}

/** The key could not be had from the store (or the entry's helper): the error that says why and what to do. */
export function keyError(ctx: Context, problem: HelperProblem, helper = ""): CliError {
  const params = { detail: problem.detail, helper, store: ctx.ui.t(keyStore(ctx).name), cmd: CMD };
  return new CliError({
    code: `keychain.${problem.code}`,
    message: `doctor.helper.${problem.code}`,
    params,
    hint: `doctor.fix.helper.${HELPER_FIX[problem.code]}`,
  });
}

/** Where a key comes from, for people: the store, the helper, or the entry. */
export function keySource(ctx: Context, from: { source: "entry" | "keychain" | "helper"; helper?: string | null | undefined }): string {
  if (from.source === "keychain") return ctx.ui.t(keyStore(ctx).name);
  if (from.source === "helper") return from.helper ?? "";
  return ctx.ui.t("keychain.inEntry");
}

/** The key in our store item, registered as a secret at once. */
export async function readStoredKey(ctx: Context): Promise<StoreRead> {
  const read = await keyStore(ctx).read(ctx);
  if (read.ok) ctx.secrets.add(read.key);
  return read;
}

/** Puts the key in the store; returns how to put back what was there before. */
async function storeKey(ctx: Context, key: string): Promise<() => Promise<void>> {
  const store = keyStore(ctx);
  const before = await readStoredKey(ctx);
  const problem = await store.write(ctx, key);
  if (problem) throw keyError(ctx, storeProblem(problem));
  return async () => {
    if (before.ok) await store.write(ctx, before.key);
    else if (before.problem.kind === "missing") await store.remove(ctx);
  };
}

/** Removes our item; a failure leaves nothing pointing at it, so it is a warning with the command to do it by hand. */
async function removeStoredKey(ctx: Context, report: Report): Promise<void> {
  const store = keyStore(ctx);
  const result = await store.remove(ctx).catch((error: unknown) => ({ kind: "unavailable" as const, detail: String(error) }));
  if (typeof result === "string") return;
  report.warn("keychain.remove-failed", "keychain.warn.removeFailed", {
    store: ctx.ui.t(store.name),
    detail: result.detail,
    command: store.removeCommand(ctx),
  });
}

/**
 * Runs the commit with the store's changes around it: the key is stored first (so the helper an
 * entry names can read it the moment the entry is written) and put back as it was when the commit
 * fails; the item is removed last, once no entry written needs it.
 */
export async function aroundCommit<T>(ctx: Context, report: Report, changes: PlannedChange[], commit: () => Promise<T>): Promise<T> {
  const undo: (() => Promise<void>)[] = [];
  for (const change of changes) if (change.store?.op === "write") undo.push(await storeKey(ctx, change.store.key));
  let value: T;
  try {
    value = await commit();
  } catch (error) {
    for (const step of undo.reverse()) await step().catch(() => report.warn("keychain.undo-failed", "keychain.warn.undoFailed"));
    throw error;
  }
  if (changes.some((change) => change.store?.op === "delete")) await removeStoredKey(ctx, report);
  return value;
}
