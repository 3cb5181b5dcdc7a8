// Where the key goes, as planned changes: with the keychain, the item in the OS store and the
// helper files (owner-only, executable, no secret) come before the entry that names the helper;
// with the key back in the entry (or on revert), the helper files and the item go after it, so a
// failure part-way never leaves an entry naming a helper that is gone.
import type { Context } from "../core/context.js";
import type { HelperSettings } from "../config/entry.js";
import { fileChange, type PlannedChange, type PlanRead, type StoreOp } from "../config/plan.js";
import { platformModule } from "../platform/index.js";
import { helperFiles, helperSettings, keyStore, readStoredKey } from "./index.js";
import { READ_LIMITS, readRegularFileStat } from "../core/safe-read.js";

export type KeyStorage = "keychain" | "file";

/** Owner-only and executable: Claude Code refuses a helper that others can write. */
export const HELPER_MODE = 0o700;

export interface CredentialChanges {
  /** The helper the entry names; undefined when the key goes into the entry. */
  helper?: HelperSettings;
  /** Before the entries: the key stored, the helper files written. */
  first: PlannedChange[];
  /** After the entries: the helper files and the store item removed. */
  last: PlannedChange[];
}

async function readFile(ctx: Context, path: string): Promise<PlanRead> {
  let raw: Buffer | null = null;
  let mode: number | null = null;
  try {
    const read = await readRegularFileStat(ctx, path, { limit: READ_LIMITS.config, noFollow: true });
    mode = read.stat.mode & 0o777;
    raw = read.bytes;
  } catch {
    raw = null;
    mode = null;
  }
  return { path, raw, value: {}, mode, doc: null, repair: null, dropped: [] };
}

/** A helper file written whole and executable (only its mode, when its bytes are already right). */
function helperChange(ctx: Context, read: PlanRead, text: string): PlannedChange | undefined {
  const after = Buffer.from(text, "utf8");
  const modeWrong = platformModule(ctx.platform).posixModes && read.mode !== HELPER_MODE;
  const change: PlannedChange | undefined =
    fileChange("helper", read, after, false) ??
    (modeWrong
      ? { kind: "helper", path: read.path, before: read.raw, after, secret: false, mode: read.mode, action: "mode", repaired: false }
      : undefined);
  return change ? { ...change, fileMode: HELPER_MODE } : undefined;
}

function storeChange(ctx: Context, action: PlannedChange["action"], store: StoreOp): PlannedChange {
  return {
    kind: "keychain",
    path: keyStore(ctx).itemLabel(ctx),
    before: null,
    after: null,
    secret: true,
    mode: null,
    action,
    repaired: false,
    store,
  };
}

/** The helper files and the store item removed (when the helper was ever written here). */
export async function removalChanges(ctx: Context, stateDir: string): Promise<PlannedChange[]> {
  const changes: PlannedChange[] = [];
  for (const file of helperFiles(ctx, stateDir)) {
    const change = fileChange("helper", await readFile(ctx, file.path), null, false);
    if (change) changes.push(change);
  }
  if (changes.length === 0) return [];
  const stored = await readStoredKey(ctx);
  if (stored.ok || stored.problem.kind !== "missing") changes.push(storeChange(ctx, "delete", { op: "delete" }));
  return changes;
}

/** The changes that put the key where the user chose, around the entry that setup writes. */
export async function credentialChanges(ctx: Context, stateDir: string, storage: KeyStorage, key: string): Promise<CredentialChanges> {
  if (storage === "file") return { first: [], last: await removalChanges(ctx, stateDir) };
  const first: PlannedChange[] = [];
  const stored = await readStoredKey(ctx);
  if (!stored.ok || stored.key !== key) {
    const missing = !stored.ok && stored.problem.kind === "missing";
    first.push(storeChange(ctx, missing ? "create" : "update", { op: "write", key }));
  }
  for (const file of helperFiles(ctx, stateDir)) {
    const change = helperChange(ctx, await readFile(ctx, file.path), file.text);
    if (change) first.push(change);
  }
  return { helper: helperSettings(ctx, stateDir), first, last: [] };
}
