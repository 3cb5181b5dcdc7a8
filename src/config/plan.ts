// Turns "what the user asked for" into the exact file changes, without writing anything.
// setup, revert and doctor --fix share this: read every file the app may read, change only what
// the tool owns. Files we own (our entry, state.json) are written whole, 2-space with a final
// newline; files we do not own (_meta.json, claude_desktop_config.json) are edited surgically
// (./json-text.ts), so that every byte of theirs stays as it was.
import { basename, dirname } from "node:path";
import type { Context } from "../core/context.js";
import type { FileChange } from "../core/transaction.js";
import type { DataDir, RootConfigFile } from "../platform/types.js";
import { entryPath } from "./library-paths.js";
import { decodeUtf8, jsonEqual, JsonParseFailure, parseJsonObject, serializeJson, unparsableError, type JsonObject } from "./json-file.js";
import { type JsonReads, readJson } from "./json-reads.js";
import { documentBytes, openDocument, setMember, stripJsonc, valueText, type JsonDocument } from "./json-text.js";
import {
  entryContent,
  hashedState,
  recordWrite,
  statePath,
  type DeploymentModeRecord,
  type LibraryRecord,
  type StateRead,
  type ToolState,
} from "./state.js";

/** "helper": the credential helper script; "keychain": the key's item in the OS store (not a file). */
export type FileKind = "entry" | "meta" | "root-config" | "state" | "directory" | "helper" | "keychain";

/** What a "keychain" change does to the OS store: the write flow runs it around the file commit. */
export type StoreOp = { op: "write"; key: string } | { op: "delete" };

export interface PlannedChange extends FileChange {
  kind: FileKind;
  /** "mode": only the permissions change. */
  action: "create" | "update" | "delete" | "mode";
  /** The file did not parse and --repair rewrites it (its bytes stay in the backup set). */
  repaired: boolean;
  /** How: comments and trailing commas cut out, every value kept ("tolerant"), or started afresh. */
  repair?: "tolerant" | "afresh";
  /** What --repair drops: the comments, as they were written. */
  dropped?: string[];
  /** A change of the OS secret store rather than of a file (kind "keychain"). */
  store?: StoreOp;
}

export interface Targets {
  dataDirs: DataDir[];
  rootConfigs: RootConfigFile[];
  stateDir: string;
}

/**
 * What a file the tool backs up is, from its path: the tool's state, a library's _meta.json, a
 * root claude_desktop_config.json, a directory (only its mode is kept), else a library entry.
 */
export function fileKindOf(path: string, stateDir: string, directory = false): FileKind {
  if (directory) return "directory";
  if (path === statePath(stateDir)) return "state";
  const name = basename(path);
  if (name === "_meta.json") return "meta";
  if (name === "claude_desktop_config.json") return "root-config";
  return "entry";
}

/** A JSON object file as read for a plan. */
export interface PlanRead {
  path: string;
  /** The exact bytes on disk, or null when the file does not exist. */
  raw: Buffer | null;
  value: JsonObject;
  mode: number | null;
  /** The text to edit surgically; null when the file is missing, empty or started afresh. */
  doc: JsonDocument | null;
  repair: "tolerant" | "afresh" | null;
  /** Comments --repair removes. */
  dropped: string[];
}

/** The document of text that parsed as a JSON object; null for an empty file. */
function documentOf(raw: Buffer): JsonDocument | null {
  const decoded = decodeUtf8(raw);
  if (typeof decoded !== "string") return null;
  const doc = openDocument(decoded);
  return doc.text.trim() === "" ? null : doc;
}

/** JSON with comments and trailing commas, made strict by cutting exactly those out; null if that is not enough. */
async function readTolerantly(path: string, raw: Buffer): Promise<Pick<PlanRead, "value" | "doc" | "dropped"> | null> {
  const decoded = decodeUtf8(raw);
  if (typeof decoded !== "string") return null;
  const doc = openDocument(decoded);
  const stripped = stripJsonc(doc.text);
  const value = await parseJsonObject(path, Buffer.from(stripped.text, "utf8"));
  if (value instanceof JsonParseFailure) return null;
  const strict = { bom: doc.bom, text: stripped.text };
  return { value, doc: strict.text.trim() === "" ? null : strict, dropped: stripped.comments };
}

/**
 * Reads a JSON object file; a broken one stops the run unless --repair was given. --repair first
 * reads it tolerantly (comments, trailing commas) and keeps every value; only a file even that
 * cannot read is started afresh. `reads`: the run's reads (a plan made outside the lock only).
 */
export async function readForPlan(ctx: Context, path: string, repair: boolean, reads?: JsonReads): Promise<PlanRead> {
  const read = await readJson(ctx, path, { own: path === entryPath(dirname(dirname(path))) }, reads);
  if (!(read instanceof JsonParseFailure)) {
    return { ...read, doc: read.raw ? documentOf(read.raw) : null, repair: null, dropped: [] };
  }
  if (!repair) throw unparsableError(read);
  return repairedRead(path, read.raw, read.mode);
}

async function repairedRead(path: string, raw: Buffer, mode: number | null): Promise<PlanRead> {
  const tolerant = await readTolerantly(path, raw);
  if (tolerant) return { path, raw, mode, ...tolerant, repair: "tolerant" };
  return { path, raw, value: {}, mode, doc: null, repair: "afresh", dropped: [] };
}

/** Bytes kept in a backup set, read as readForPlan --repair would read them (null: the file did not exist). */
export async function readBackedUp(path: string, raw: Buffer | null): Promise<PlanRead> {
  if (raw === null) return { path, raw: null, value: {}, mode: null, doc: null, repair: null, dropped: [] };
  const value = await parseJsonObject(path, raw);
  if (value instanceof JsonParseFailure) return repairedRead(path, raw, null);
  return { path, raw, value, mode: null, doc: documentOf(raw), repair: null, dropped: [] };
}

/** A change to a file; none when the bytes would stay the same. */
export function fileChange(kind: FileKind, read: PlanRead, after: Buffer | null, secret: boolean): PlannedChange | undefined {
  if (read.repair === null && (after === null ? read.raw === null : read.raw !== null && after.equals(read.raw))) return undefined;
  return plannedChange(kind, read, after, secret);
}

/** A file's change as planned: `after` its new bytes, or how to make them when they are first read. */
function plannedChange(kind: FileKind, read: PlanRead, after: Buffer | null | (() => Buffer), secret: boolean): PlannedChange {
  const change = {
    kind,
    path: read.path,
    before: read.raw,
    secret,
    mode: read.mode,
    action: after === null ? ("delete" as const) : read.raw === null ? ("create" as const) : ("update" as const),
    repaired: read.repair !== null,
    ...(read.repair ? { repair: read.repair } : {}),
    ...(read.dropped.length > 0 ? { dropped: read.dropped } : {}),
  };
  if (typeof after !== "function") return { ...change, after };
  let bytes: Buffer | undefined;
  return Object.defineProperty(change, "after", { get: () => (bytes ??= after()), enumerable: true }) as PlannedChange;
}

/** A file we own, written whole: unchanged when its content already equals `after`. */
export function ownedChange(kind: FileKind, read: PlanRead, after: JsonObject | null, secret: boolean): PlannedChange | undefined {
  if (after !== null && read.raw !== null && read.repair === null && jsonEqual(read.value, after)) return undefined;
  return fileChange(kind, read, after === null ? null : serializeJson(after), secret);
}

/**
 * A surgical edit of a file we do not own: `edit` changes the text of the document; a missing,
 * empty or restarted file is written afresh from `fresh` (2-space, as the app writes it).
 */
export function foreignChange(
  kind: FileKind,
  read: PlanRead,
  edit: (text: string) => string,
  fresh: () => JsonObject,
): PlannedChange | undefined {
  const after = read.doc ? documentBytes({ ...read.doc, text: edit(read.doc.text) }) : serializeJson(fresh());
  return fileChange(kind, read, after, false);
}

export function stateChange(
  stateDir: string,
  { raw, mode, unparsable, state: before }: StateRead,
  after: ToolState,
): PlannedChange | undefined {
  const empty = Object.keys(after.libraries).length + Object.keys(after.deploymentMode).length + Object.keys(after.files).length === 0;
  // No record to keep and none on disk: there is nothing to write.
  if (raw === null && empty) return undefined;
  // state.json is the tool's own record, not the app's: one that does not parse is replaced
  // (its bytes kept in the backup set), and the plan marks it so the replacement is not silent.
  const read: PlanRead = {
    path: statePath(stateDir),
    raw,
    value: unparsable ? {} : (before as unknown as JsonObject),
    mode,
    doc: null,
    repair: unparsable ? "afresh" : null,
    dropped: [],
  };
  // A state.json that parsed is compared with the new state, its hashes taken for that.
  if (raw !== null && !unparsable) return ownedChange("state", read, hashedState(after) as unknown as JsonObject, false);
  // Nothing to compare with: it changes. Its bytes, and the hashes in them, are made when first
  // used, by the write (a dry run neither shows nor writes them).
  return plannedChange("state", read, () => serializeJson(hashedState(after)), false);
}

export function compact<T>(items: (T | undefined)[]): T[] {
  return items.filter((x): x is T => x !== undefined);
}

/** The record of a library before the tool's first setup changed its _meta.json. */
export function libraryRecord(meta: PlanRead): LibraryRecord {
  const applied = meta.value.appliedId;
  const text = (path: string) => (meta.doc ? valueText(meta.doc.text, [path]) : undefined);
  const appliedText = applied !== undefined && typeof applied !== "string" ? text("appliedId") : undefined;
  const entriesText = "entries" in meta.value ? text("entries") : undefined;
  return {
    previousAppliedId: typeof applied === "string" ? applied : null,
    metaExisted: meta.raw !== null,
    ...(appliedText !== undefined ? { previousAppliedIdText: appliedText } : {}),
    ...(!Array.isArray(meta.value.entries) ? { previousEntries: entriesText ?? null } : {}),
  };
}

/**
 * Remembers deploymentMode as it was before the tool first set it, for revert; the one place this
 * record is made (setup and doctor --fix).
 */
export function recordDeploymentMode(state: ToolState, read: PlanRead): void {
  if (read.value.deploymentMode === "3p" && state.deploymentMode[read.path]) return;
  const hadKey = "deploymentMode" in read.value;
  const text = hadKey && read.doc ? valueText(read.doc.text, ["deploymentMode"]) : undefined;
  const record: DeploymentModeRecord = {
    fileExisted: read.raw !== null,
    hadKey,
    ...(hadKey ? { value: read.value.deploymentMode } : {}),
    ...(text !== undefined ? { valueText: text } : {}),
  };
  state.deploymentMode[read.path] = record;
}

/** deploymentMode "3p" merged into a root config, and recorded so revert can restore it. */
export function deploymentModeChange(state: ToolState, read: PlanRead): PlannedChange | undefined {
  recordDeploymentMode(state, read);
  const change = foreignChange(
    "root-config",
    read,
    (text) => (read.value.deploymentMode === "3p" ? text : setMember(text, [], "deploymentMode", "3p")),
    () => ({ ...read.value, deploymentMode: "3p" }),
  );
  if (change?.after) recordWrite(state, change.path, change.before, change.after);
  return change;
}

/** Our entry written in place, its fingerprint recorded (hashed with the state) so revert can tell a later edit. */
export function entryChange(state: ToolState, dataDir: string, read: PlanRead, next: JsonObject): PlannedChange | undefined {
  const record = state.libraries[dataDir];
  if (record) record.entryFingerprint = entryContent(next);
  return ownedChange("entry", read, next, true);
}

/** The directories a plan creates (the topmost missing one of each new file), for the plan and the confirmation. */
export async function newDirectories(ctx: Context, changes: PlannedChange[]): Promise<string[]> {
  const out = new Set<string>();
  for (const change of changes) {
    // The tool's own state directory is not news to anyone; the app's directories are.
    if (change.action !== "create" || change.kind === "state" || change.kind === "helper" || change.store) continue;
    let missing: string | null = null;
    for (let dir = dirname(change.path); dir !== dirname(dir); dir = dirname(dir)) {
      const exists = await ctx.fs.stat(dir).then(
        () => true,
        () => false,
      );
      if (exists) break;
      missing = dir;
    }
    if (missing) out.add(missing);
  }
  return [...out];
}
