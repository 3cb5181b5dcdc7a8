// Turns "what the user asked for" into the exact file changes, without writing anything.
// setup and revert share this: read every file the app may read, patch only what the tool owns.
import { join } from "node:path";
import type { Context } from "../core/context.js";
import type { FileChange } from "../core/transaction.js";
import type { DataDir, RootConfigFile } from "../platform/types.js";
import { APPLIED_ID_PATTERN, buildEntry, buildMeta, ENTRY_ID, metaRows, type EntrySettings } from "./entry.js";
import {
  isPlainObject,
  jsonEqual,
  JsonParseFailure,
  readJsonFile,
  serializeJson,
  unparsableError,
  type JsonFileRead,
  type JsonObject,
} from "./json-file.js";
import { readState, statePath, type StateRead, type ToolState } from "./state.js";

export type FileKind = "entry" | "meta" | "root-config" | "state";

export interface PlannedChange extends FileChange {
  kind: FileKind;
  action: "create" | "update" | "delete";
  /** The file did not parse and --repair starts it afresh (its bytes stay in the backup set). */
  repaired: boolean;
}

export interface Targets {
  dataDirs: DataDir[];
  rootConfigs: RootConfigFile[];
  stateDir: string;
}

export function libraryDir(dataDir: string): string {
  return join(dataDir, "configLibrary");
}

export function metaPath(dataDir: string): string {
  return join(libraryDir(dataDir), "_meta.json");
}

export function entryPath(dataDir: string, id: string = ENTRY_ID): string {
  return join(libraryDir(dataDir), `${id}.json`);
}

interface ReadOk extends JsonFileRead {
  repaired: boolean;
}

/** Reads a JSON object file; a broken one stops the run unless --repair was given. */
async function readForPlan(ctx: Context, path: string, repair: boolean): Promise<ReadOk> {
  const read = await readJsonFile(ctx, path);
  if (read instanceof JsonParseFailure) {
    if (!repair) throw unparsableError(read);
    return { path, raw: read.raw, value: {}, mode: null, repaired: true };
  }
  return { ...read, repaired: false };
}

function change(kind: FileKind, read: ReadOk, after: JsonObject | null, secret: boolean): PlannedChange | undefined {
  const unchanged = after !== null && read.raw !== null && !read.repaired && jsonEqual(read.value, after);
  if (unchanged || (after === null && read.raw === null)) return undefined;
  return {
    kind,
    path: read.path,
    before: read.raw,
    after: after === null ? null : serializeJson(after),
    secret,
    mode: read.mode,
    action: after === null ? "delete" : read.raw === null ? "create" : "update",
    repaired: read.repaired,
  };
}

function stateChange(
  stateDir: string,
  { raw, mode, unparsable }: StateRead,
  before: ToolState,
  after: ToolState,
): PlannedChange | undefined {
  if (raw !== null && jsonEqual(before, after)) return undefined;
  // state.json is the tool's own record, not the app's: one that does not parse is replaced
  // (its bytes kept in the backup set), and the plan marks it so the replacement is not silent.
  const read: ReadOk = { path: statePath(stateDir), raw, value: before as unknown as JsonObject, mode, repaired: unparsable };
  return change("state", read, after as unknown as JsonObject, false);
}

function compact<T>(items: (T | undefined)[]): T[] {
  return items.filter((x): x is T => x !== undefined);
}

export interface SetupPlanInput {
  settings: EntrySettings;
  name: string;
  repair: boolean;
  /** The day the price rows in settings were read: recorded when the rows written change. */
  pricesReadAt?: string;
}

export async function planSetup(ctx: Context, targets: Targets, input: SetupPlanInput): Promise<PlannedChange[]> {
  const stateRead = await readState(ctx, targets.stateDir);
  const before = stateRead.state;
  const state: ToolState = structuredClone(before);
  const changes: (PlannedChange | undefined)[] = [];

  for (const dir of targets.dataDirs) {
    const meta = await readForPlan(ctx, metaPath(dir.path), input.repair);
    const entry = await readForPlan(ctx, entryPath(dir.path), input.repair);
    const applied = typeof meta.value.appliedId === "string" ? meta.value.appliedId : null;
    // Remember what was applied before; when ours already is (a rerun), keep the first record.
    if (applied !== ENTRY_ID) {
      state.libraries[dir.path] = { previousAppliedId: applied, metaExisted: meta.raw !== null && !meta.repaired };
    }
    // The entry goes first so that appliedId never names a missing file.
    const next = buildEntry(entry.value, input.settings);
    if (input.pricesReadAt && next.inferenceModelPricing && !jsonEqual(next.inferenceModelPricing, entry.value.inferenceModelPricing))
      state.pricesReadAt = input.pricesReadAt;
    changes.push(change("entry", entry, next, true));
    changes.push(change("meta", meta, buildMeta(meta.value, input.name), false));
  }

  for (const file of targets.rootConfigs) {
    const read = await readForPlan(ctx, file.path, input.repair);
    if (read.raw === null && !file.createIfMissing) continue;
    const current = read.value.deploymentMode;
    if (current !== "3p" || !state.deploymentMode[file.path]) {
      state.deploymentMode[file.path] = {
        fileExisted: read.raw !== null && !read.repaired,
        hadKey: "deploymentMode" in read.value,
        ...("deploymentMode" in read.value ? { value: current } : {}),
      };
    }
    changes.push(change("root-config", read, { ...read.value, deploymentMode: "3p" }, false));
  }

  const appChanges = compact(changes);
  if (appChanges.length === 0) return [];
  // The record of what was there before is written FIRST: a run killed part-way through the app
  // files must not leave our entry applied without it, or the rerun (seeing our entry already
  // applied) would never record the previous appliedId and deploymentMode, and revert could not
  // restore them. (revert does the opposite: its state change comes last.)
  return [...compact([stateChange(targets.stateDir, stateRead, before, state)]), ...appChanges];
}

async function entryFileExists(ctx: Context, dataDir: string, id: string): Promise<boolean> {
  if (!APPLIED_ID_PATTERN.test(id)) return false;
  const read = await readJsonFile(ctx, entryPath(dataDir, id)).catch(() => undefined);
  return read !== undefined && !(read instanceof JsonParseFailure) && read.raw !== null;
}

/** The entry the app would fall back to when the one applied before is gone. */
function fallbackAppliedId(meta: JsonObject): string | null {
  const rows = metaRows(meta).filter((row) => row.id !== ENTRY_ID);
  return rows.find((row) => row.name === "Default")?.id ?? null;
}

export async function planRevert(ctx: Context, targets: Targets, repair: boolean): Promise<PlannedChange[]> {
  const stateRead = await readState(ctx, targets.stateDir);
  const before = stateRead.state;
  const state: ToolState = structuredClone(before);
  const changes: (PlannedChange | undefined)[] = [];

  for (const dir of targets.dataDirs) {
    const meta = await readForPlan(ctx, metaPath(dir.path), repair);
    const entry = await readForPlan(ctx, entryPath(dir.path), repair);
    const record = state.libraries[dir.path];
    delete state.libraries[dir.path];
    const next: JsonObject = { ...meta.value };
    if (next.appliedId === ENTRY_ID) {
      const rows = metaRows(meta.value);
      const previous = record?.previousAppliedId ?? null;
      const previousExists =
        previous !== null && (rows.some((row) => row.id === previous) || (await entryFileExists(ctx, dir.path, previous)));
      const target = previousExists ? previous : record && previous === null ? null : fallbackAppliedId(meta.value);
      if (target) next.appliedId = target;
      else delete next.appliedId;
    }
    if (Array.isArray(next.entries)) next.entries = next.entries.filter((row) => !(isPlainObject(row) && row.id === ENTRY_ID));
    const onlyOurs =
      record !== undefined &&
      !record.metaExisted &&
      Object.keys(next).every((k) => k === "entries") &&
      ((next.entries as unknown[] | undefined) ?? []).length === 0;
    changes.push(change("entry", entry, null, true));
    if (meta.raw !== null) changes.push(change("meta", meta, onlyOurs ? null : next, false));
  }

  for (const file of targets.rootConfigs) {
    const record = state.deploymentMode[file.path];
    if (!record) continue;
    delete state.deploymentMode[file.path];
    const read = await readForPlan(ctx, file.path, repair);
    if (read.raw === null || read.value.deploymentMode !== "3p") continue;
    const next: JsonObject = { ...read.value };
    if (record.hadKey) next.deploymentMode = record.value;
    else delete next.deploymentMode;
    const removeFile = !record.fileExisted && Object.keys(next).length === 0;
    changes.push(change("root-config", read, removeFile ? null : next, false));
  }

  const appChanges = compact(changes);
  // A revert killed after the app's files but before state.json leaves records that no longer
  // apply: the next revert finishes the job by dropping them (and writes nothing else).
  if (appChanges.length === 0) return stateRead.raw !== null ? compact([stateChange(targets.stateDir, stateRead, before, state)]) : [];
  return [...appChanges, ...compact([stateChange(targets.stateDir, stateRead, before, state)])];
}
