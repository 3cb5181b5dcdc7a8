// What was in place before the tool applied its entry, so `revert` can put it back.
// Kept in the tool's state directory and written in the same transaction as the config files.
import { join } from "node:path";
import type { Context } from "../core/context.js";
import { isPlainObject, JsonParseFailure, type JsonObject } from "./json-file.js";
import { type JsonReads, readJson } from "./json-reads.js";
import { sha256 } from "../core/digest.js";

export interface LibraryRecord {
  /** appliedId before the first setup, when it was a string; null otherwise. */
  previousAppliedId: string | null;
  /** Whether _meta.json existed before the first setup. */
  metaExisted: boolean;
  /** The appliedId member's text before the first setup, when it held something else than a string. */
  previousAppliedIdText?: string;
  /** The entries member before the first setup: null when absent, its text when not an array. */
  previousEntries?: string | null;
  /** entryFingerprint() of the entry the tool last wrote: revert keeps an entry edited since. */
  entryFingerprint?: Digest;
}

export interface DeploymentModeRecord {
  fileExisted: boolean;
  hadKey: boolean;
  value?: unknown;
  /** The member's value exactly as it was written in the file. */
  valueText?: string;
}

/**
 * A sha256, as lowercase hex. state.json holds hex; a plan records the bytes instead, and they are
 * hashed only when the state is serialized or compared (hashedState): a dry run that has no
 * state.json to compare with never needs them, and never loads node:crypto for them.
 */
export type Digest = string | Uint8Array;

/** The digest as hex, the bytes a plan recorded hashed now. */
export function digestHex(digest: Digest): string {
  return typeof digest === "string" ? digest : sha256(digest);
}

/** A file we do not own that the tool wrote: revert puts its exact original bytes back while it holds ours. */
export interface FileRecord {
  /** sha256 of the bytes the tool last wrote. */
  written: Digest;
  /**
   * sha256 of the file before the first change (its bytes are in a backup set), null when it did
   * not exist; absent once something else changed the file in between (no exact restore then).
   */
  before?: Digest | null;
}

export interface ToolState {
  version: 1;
  libraries: Record<string, LibraryRecord>;
  deploymentMode: Record<string, DeploymentModeRecord>;
  /** The day (YYYY-MM-DD) the entry's price rows were read from OpenRouter. */
  pricesReadAt?: string;
  files: Record<string, FileRecord>;
  /** The key sign-in created on the user's OpenRouter account for this machine (no secret: its hash). */
  signIn?: SignInRecord;
}

/** A key made by sign-in: how OpenRouter lists it, so a later run reuses it and revert names it. */
export interface SignInRecord {
  /** The name it carries on https://openrouter.ai/settings/keys. */
  label: string;
  /** sha256 hex of the key (OpenRouter's own id for it in its key and log pages). */
  keyHash: string;
  createdAt: string;
}

export function statePath(stateDir: string): string {
  return join(stateDir, "state.json");
}

export function emptyState(): ToolState {
  return { version: 1, libraries: {}, deploymentMode: {}, files: {} };
}

export interface StateRead {
  state: ToolState;
  raw: Buffer | null;
  mode: number | null;
  /** The file exists but does not parse: a write replaces it (after the backup) and says so. */
  unparsable: boolean;
}

/** Reads state.json (through `reads`, when given); an unreadable one is treated as empty (it only helps revert). */
export async function readState(ctx: Pick<Context, "fs">, stateDir: string, reads?: JsonReads): Promise<StateRead> {
  const read = await readJson(ctx, statePath(stateDir), { own: true }, reads).catch(() => null);
  if (read instanceof JsonParseFailure) return { state: emptyState(), raw: read.raw, mode: read.mode, unparsable: true };
  if (read === null || read.raw === null) return { state: emptyState(), raw: null, mode: null, unparsable: false };
  return { state: normalizeState(read.value), raw: read.raw, mode: read.mode, unparsable: false };
}

function optionalString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function normalizeState(value: JsonObject): ToolState {
  const state = emptyState();
  if (isPlainObject(value.libraries)) {
    for (const [dir, record] of Object.entries(value.libraries)) {
      if (!isPlainObject(record)) continue;
      const text = optionalString(record.previousAppliedIdText);
      const fingerprint = optionalString(record.entryFingerprint);
      state.libraries[dir] = {
        previousAppliedId: typeof record.previousAppliedId === "string" ? record.previousAppliedId : null,
        metaExisted: record.metaExisted === true,
        ...(text !== undefined ? { previousAppliedIdText: text } : {}),
        ...(record.previousEntries === null || typeof record.previousEntries === "string"
          ? { previousEntries: record.previousEntries }
          : {}),
        ...(fingerprint !== undefined ? { entryFingerprint: fingerprint } : {}),
      };
    }
  }
  if (isPlainObject(value.deploymentMode)) {
    for (const [file, record] of Object.entries(value.deploymentMode)) {
      if (!isPlainObject(record)) continue;
      const text = optionalString(record.valueText);
      state.deploymentMode[file] = {
        fileExisted: record.fileExisted === true,
        hadKey: record.hadKey === true,
        ...("value" in record ? { value: record.value } : {}),
        ...(text !== undefined ? { valueText: text } : {}),
      };
    }
  }
  if (isPlainObject(value.files)) {
    for (const [file, record] of Object.entries(value.files)) {
      if (!isPlainObject(record) || typeof record.written !== "string") continue;
      state.files[file] = {
        written: record.written,
        ...(record.before === null || typeof record.before === "string" ? { before: record.before } : {}),
      };
    }
  }
  if (typeof value.pricesReadAt === "string") state.pricesReadAt = value.pricesReadAt;
  const signIn = value.signIn;
  if (isPlainObject(signIn) && typeof signIn.label === "string" && typeof signIn.keyHash === "string")
    state.signIn = { label: signIn.label, keyHash: signIn.keyHash, createdAt: optionalString(signIn.createdAt) ?? "" };
  return state;
}

/** The sign-in record when `key` is the key sign-in created for this machine (compared by hash). */
export async function signInRecordFor(
  ctx: Pick<Context, "fs">,
  stateDir: string,
  key: string,
  reads?: JsonReads,
): Promise<SignInRecord | null> {
  return signInRecordIn((await readState(ctx, stateDir, reads)).state, key);
}

/** signInRecordFor, in a state already read. */
export function signInRecordIn(state: ToolState, key: string): SignInRecord | null {
  return state.signIn && sha256(Buffer.from(key)) === state.signIn.keyHash ? state.signIn : null;
}

/**
 * Notes that the tool writes `after` over `before` at path. The first write remembers the original;
 * later writes keep that memory only while the file still holds what the tool wrote (or, after a
 * run killed part-way, still the original).
 */
export function recordWrite(state: ToolState, path: string, before: Buffer | null, after: Buffer): void {
  const prior = state.files[path];
  if (!prior) {
    state.files[path] = { written: after, before };
    return;
  }
  // Compared with the record state.json holds: hashed now.
  const current = before === null ? null : sha256(before);
  const untouched =
    current === digestHex(prior.written) ||
    (prior.before !== undefined && current === (prior.before === null ? null : digestHex(prior.before)));
  state.files[path] = { written: after, ...(untouched && prior.before !== undefined ? { before: prior.before } : {}) };
}

/** The state as state.json holds it: the digests the plan recorded as bytes hashed now, every member in its place. */
export function hashedState(state: ToolState): ToolState {
  const libraries = Object.fromEntries(
    Object.entries(state.libraries).map(([dir, record]) => [
      dir,
      record.entryFingerprint === undefined ? record : { ...record, entryFingerprint: digestHex(record.entryFingerprint) },
    ]),
  );
  const files = Object.fromEntries(
    Object.entries(state.files).map(([path, record]) => [
      path,
      { ...record, written: digestHex(record.written), ...(record.before ? { before: digestHex(record.before) } : {}) },
    ]),
  );
  return { ...state, libraries, files };
}

/** The backed-up originals state.json still refers to: pruning keeps the sets that hold them. */
export function referencedOriginals(state: ToolState): Set<string> {
  const out = new Set<string>();
  for (const record of Object.values(state.files)) if (record.before) out.add(digestHex(record.before));
  return out;
}

/**
 * Keys Claude Desktop writes into the applied entry itself: a change to them is the app's, not the
 * user's, so it does not make revert keep the entry.
 */
const APP_WRITTEN_KEYS = new Set([
  "chatTabEnabled",
  "autoModeEnabled",
  "modelPrefer1mContext",
  "toolSearchEnabled",
  "builtinBrowserEnabled",
  "isDesktopExtensionEnabled",
  "coworkEgressAllowedHosts",
  "deploymentDisplayName",
]);
const APP_WRITTEN_PREFIXES = ["disableNonessential", "inferenceModelPricing"];

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, canonical(value[k])]),
  );
}

/** What entryFingerprint() hashes: an entry's content, the keys the app writes itself left out. */
export function entryContent(entry: JsonObject): Buffer {
  const own = Object.fromEntries(
    Object.entries(entry).filter(([key]) => !APP_WRITTEN_KEYS.has(key) && !APP_WRITTEN_PREFIXES.some((p) => key.startsWith(p))),
  );
  return Buffer.from(JSON.stringify(canonical(own)), "utf8");
}

/** A hash of an entry's content, the keys the app writes itself left out. */
export function entryFingerprint(entry: JsonObject): string {
  return sha256(entryContent(entry));
}
