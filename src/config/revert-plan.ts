// The changes that undo setup. A file we do not own goes back to its exact original bytes while it
// still holds what the tool wrote; otherwise only our members are removed or restored. Our entry
// is removed unless it was edited since (then it stays, and what was applied before is applied
// again). Without state.json the records are rebuilt from the backup sets, or revert refuses.
import type { Context } from "../core/context.js";
import { CliError } from "../core/errors.js";
import { findBackedUp, listBackups } from "../core/backups.js";
import type { DataDir } from "../platform/types.js";
import { APPLIED_ID_PATTERN, ENTRY_ID, metaRows } from "./entry.js";
import { isPlainObject, JsonParseFailure, type JsonObject } from "./json-file.js";
import { type JsonReads, readJson } from "./json-reads.js";
import { memberCount, removeElement, removeMember, setMember, type NewValue } from "./json-text.js";
import {
  compact,
  foreignChange,
  libraryRecord,
  ownedChange,
  readBackedUp,
  readForPlan,
  recordDeploymentMode,
  stateChange,
  type FileKind,
  type PlannedChange,
  type PlanRead,
  type Targets,
} from "./plan.js";
import { entryPath, metaPath } from "./library-paths.js";
import { digestHex, emptyState, entryFingerprint, readState, statePath, type LibraryRecord, type ToolState } from "./state.js";
import { sha256 } from "../core/digest.js";
import { removalChanges } from "../keychain/plan.js";
import { READ_LIMITS, readRegularFileStat } from "../core/safe-read.js";

export interface RevertNotes {
  /** Our entries kept because they were edited after setup wrote them. */
  kept: string[];
  /** The records came from the backup sets: state.json was missing or did not parse. */
  rebuilt: boolean;
}

export interface RevertPlanOptions {
  repair?: boolean;
  /** Remove our entry even when it was edited since setup. */
  force?: boolean;
  notes?: RevertNotes;
  /**
   * The run's reads, for a plan made outside the lock (a dry run): state.json and our entry are
   * then read once for the targets, the sign-in notice and the plan. A plan under the lock reads
   * the files afresh.
   */
  reads?: JsonReads;
}

async function entryFileExists(ctx: Context, dataDir: string, id: string, reads?: JsonReads): Promise<boolean> {
  if (!APPLIED_ID_PATTERN.test(id)) return false;
  const read = await readJson(ctx, entryPath(dataDir, id), { own: id === ENTRY_ID }, reads).catch(() => undefined);
  return read !== undefined && !(read instanceof JsonParseFailure) && read.raw !== null;
}

/** The entry the app would fall back to when the one applied before is gone. */
function fallbackAppliedId(meta: JsonObject): string | null {
  return (
    metaRows(meta)
      .filter((row) => row.id !== ENTRY_ID)
      .find((row) => row.name === "Default")?.id ?? null
  );
}

/** What appliedId goes back to: the entry applied before (as it was written), a fallback, or nothing. */
async function previousApplied(
  ctx: Context,
  dataDir: string,
  meta: JsonObject,
  record: LibraryRecord | undefined,
  reads?: JsonReads,
): Promise<NewValue | null> {
  const previous = record?.previousAppliedId ?? null;
  if (previous !== null) {
    const rows = metaRows(meta);
    if (rows.some((row) => row.id === previous) || (await entryFileExists(ctx, dataDir, previous, reads))) return previous;
    return fallbackAppliedId(meta);
  }
  if (record) return record.previousAppliedIdText !== undefined ? { raw: record.previousAppliedIdText } : null;
  return fallbackAppliedId(meta);
}

async function readBytes(ctx: Context, path: string): Promise<{ raw: Buffer | null; mode: number | null }> {
  try {
    const read = await readRegularFileStat(ctx, path, { limit: READ_LIMITS.config });
    return { raw: read.bytes, mode: read.stat.mode & 0o777 };
  } catch {
    return { raw: null, mode: null };
  }
}

/** The exact original back, when the file still holds what the tool wrote and a backup holds the original. */
async function exactRestore(ctx: Context, stateDir: string, state: ToolState, kind: FileKind, path: string): Promise<PlannedChange | null> {
  const record = state.files[path];
  if (!record || record.before === undefined) return null;
  const { raw, mode } = await readBytes(ctx, path);
  if (raw === null || sha256(raw) !== digestHex(record.written)) return null;
  const original = record.before === null ? null : await findBackedUp(ctx, stateDir, path, digestHex(record.before));
  if (record.before !== null && original === null) return null;
  return {
    kind,
    path,
    before: raw,
    after: original,
    secret: false,
    mode,
    action: original === null ? "delete" : "update",
    repaired: false,
  };
}

/** _meta.json with our row removed (unless our entry is kept) and the previous entry applied again. */
async function metaRevert(
  ctx: Context,
  dataDir: string,
  meta: PlanRead,
  record: LibraryRecord | undefined,
  keepRow: boolean,
  reads?: JsonReads,
): Promise<PlannedChange | undefined> {
  if (!meta.doc) return undefined;
  const value = meta.value;
  const applied = value.appliedId === ENTRY_ID ? await previousApplied(ctx, dataDir, value, record, reads) : undefined;
  const rows = Array.isArray(value.entries) ? value.entries : null;
  const ours = keepRow || !rows ? [] : rows.flatMap((row, index) => (isPlainObject(row) && row.id === ENTRY_ID ? [index] : []));
  let remaining = 0;
  const change = foreignChange(
    "meta",
    meta,
    (text) => {
      let out = text;
      if (applied !== undefined) out = applied === null ? removeMember(out, [], "appliedId") : setMember(out, [], "appliedId", applied);
      for (const index of [...ours].reverse()) out = removeElement(out, ["entries"], index);
      if (ours.length > 0 && rows && rows.length === ours.length && record?.previousEntries !== undefined) {
        // The entries member was ours alone: as it was before (absent, or what it held).
        out =
          record.previousEntries === null
            ? removeMember(out, [], "entries")
            : setMember(out, [], "entries", { raw: record.previousEntries });
      }
      remaining = memberCount(out);
      return out;
    },
    () => ({}),
  );
  // A _meta.json that setup created and that now holds nothing goes away again.
  if (change && record && !record.metaExisted && remaining === 0) return { ...change, after: null, action: "delete" };
  return change;
}

/** The records setup would have made, from the oldest state the backup sets hold without our setup in it. */
async function rebuildFromBackups(ctx: Context, targets: Targets, reads?: JsonReads): Promise<ToolState> {
  const state = emptyState();
  const traced: DataDir[] = [];
  for (const dir of targets.dataDirs) {
    const meta = await readJson(ctx, metaPath(dir.path), {}, reads).catch(() => null);
    const metaValue = meta && !(meta instanceof JsonParseFailure) ? meta.value : {};
    // Read as the plan reads it (a file that does not parse is there too).
    const entry = await readJson(ctx, entryPath(dir.path), { own: true }, reads).catch(() => null);
    if ((entry !== null && entry.raw !== null) || metaValue.appliedId === ENTRY_ID || metaRows(metaValue).some((r) => r.id === ENTRY_ID))
      traced.push(dir);
  }
  if (traced.length === 0) return state;
  const backups = await listBackups(ctx, targets.stateDir);
  /** Newest first: the versions of path the backup sets hold, until one satisfies `clean`. */
  const before = async (path: string, clean: (read: PlanRead) => boolean): Promise<PlanRead | null> => {
    for (const manifest of backups) {
      const file = manifest.files.find((f) => f.path === path && !f.directory);
      if (!file) continue;
      const bytes = file.existed && file.stored ? await findBackedUp(ctx, targets.stateDir, path, file.sha256 ?? "") : null;
      if (file.existed && !bytes) continue;
      const read = await readBackedUp(path, bytes);
      if (clean(read)) return read;
    }
    return null;
  };
  for (const dir of traced) {
    const meta = await before(metaPath(dir.path), (read) => read.value.appliedId !== ENTRY_ID);
    if (!meta) {
      throw new CliError({
        code: "revert.no-record",
        message: "error.revertNoRecord",
        params: { path: statePath(targets.stateDir), sets: backups.map((b) => b.id).join(", ") || "-" },
        hint: "hint.revertNoRecord",
      });
    }
    state.libraries[dir.path] = libraryRecord(meta);
  }
  for (const file of targets.rootConfigs) {
    const read = await before(file.path, (r) => r.value.deploymentMode !== "3p");
    if (read) recordDeploymentMode(state, read);
  }
  return state;
}

export async function planRevert(ctx: Context, targets: Targets, options: RevertPlanOptions = {}): Promise<PlannedChange[]> {
  const repair = options.repair ?? false;
  const { reads } = options;
  const stateRead = await readState(ctx, targets.stateDir, reads);
  const rebuilt = stateRead.raw === null || stateRead.unparsable;
  if (options.notes) options.notes.rebuilt = rebuilt;
  const records = rebuilt ? await rebuildFromBackups(ctx, targets, reads) : stateRead.state;
  const state: ToolState = structuredClone(records);
  const changes: (PlannedChange | undefined)[] = [];
  let keptAny = false;

  for (const dir of targets.dataDirs) {
    const record = state.libraries[dir.path];
    const entry = await readForPlan(ctx, entryPath(dir.path), repair, reads);
    const edited =
      entry.raw !== null &&
      entry.repair === null &&
      record?.entryFingerprint !== undefined &&
      entryFingerprint(entry.value) !== digestHex(record.entryFingerprint);
    const keep = edited && !options.force;
    keptAny ||= keep;
    if (keep) options.notes?.kept.push(entry.path);
    const file = metaPath(dir.path);
    // appliedId moves away from our entry before the entry file goes.
    const exact = keep ? null : await exactRestore(ctx, targets.stateDir, state, "meta", file);
    if (exact) changes.push(exact);
    else {
      const meta = await readForPlan(ctx, file, repair, reads);
      if (meta.raw !== null) changes.push(await metaRevert(ctx, dir.path, meta, record, keep, reads));
    }
    delete state.files[file];
    if (!keep) {
      changes.push(ownedChange("entry", entry, null, true));
      delete state.libraries[dir.path];
    }
  }

  for (const file of targets.rootConfigs) {
    const record = state.deploymentMode[file.path];
    if (!record) continue;
    delete state.deploymentMode[file.path];
    const exact = await exactRestore(ctx, targets.stateDir, state, "root-config", file.path);
    delete state.files[file.path];
    if (exact) {
      changes.push(exact);
      continue;
    }
    const read = await readForPlan(ctx, file.path, repair, reads);
    if (read.raw === null || read.value.deploymentMode !== "3p") continue;
    let remaining = 0;
    const change = foreignChange(
      "root-config",
      read,
      (text) => {
        const out = record.hadKey
          ? setMember(text, [], "deploymentMode", { raw: record.valueText ?? JSON.stringify(record.value ?? null) })
          : removeMember(text, [], "deploymentMode");
        remaining = memberCount(out);
        return out;
      },
      () => ({}),
    );
    changes.push(change && !record.fileExisted && remaining === 0 ? { ...change, after: null, action: "delete" } : change);
  }

  // The credential helper and the key's store item go after the entries that named them (the item
  // last of all, after the commit); an entry kept because it was edited may still name them.
  if (!keptAny) changes.push(...(await removalChanges(ctx, targets.stateDir)));

  const appChanges = compact(changes);
  const stateWrite = stateChange(targets.stateDir, stateRead, state);
  // A revert killed after the app's files but before state.json leaves records that no longer
  // apply: the next revert finishes the job by dropping them (and writes nothing else).
  return [...appChanges, ...compact([stateWrite])];
}
