// Read-only view of a config library and root configs, for `show` (and later `doctor`).
import type { Context } from "../core/context.js";
import { errnoOf } from "../core/os-error.js";
import type { ParseProblem } from "./parse-problem.js";
import type { DataDir, RootConfigFile } from "../platform/types.js";
import { APPLIED_ID_PATTERN, ENTRY_ID, entryFeatures, metaRows, type MetaRow } from "./entry.js";
import { factsOf, type FeatureFacts } from "../render/features.js";
import type { ToolState } from "./state.js";
import { JsonParseFailure, readJsonFile, type JsonObject } from "./json-file.js";
import { entryPath, metaPath } from "./library-paths.js";
import { type JsonReads, readJson } from "./json-reads.js";
import { maskSettings } from "../render/mask.js";
import type { AppliedEntry } from "./applied-key.js";

export type FileStatus = "ok" | "missing" | "unparsable" | "unreadable";

/** Why a file is unparsable (where, and the stable reason) or unreadable (the OS error code, e.g. EISDIR). */
export interface FileTrouble {
  problem?: ParseProblem;
  reason?: string;
}

export interface LibraryView {
  path: string;
  kind: DataDir["kind"];
  family?: string;
  meta: { path: string; status: FileStatus } & FileTrouble;
  appliedId: string | null;
  appliedIdValid: boolean;
  entries: (MetaRow & { ours: boolean })[];
  applied:
    | ({
        id: string;
        name: string | null;
        path: string;
        status: FileStatus;
        ours: boolean;
        settings: JsonObject | null;
      } & FileTrouble)
    | null;
}

export interface RootConfigView extends FileTrouble {
  path: string;
  role: RootConfigFile["role"];
  status: FileStatus;
  deploymentMode: unknown;
}

async function readView(ctx: Context, path: string): Promise<{ status: FileStatus; value: JsonObject | null } & FileTrouble> {
  try {
    const read = await readJsonFile(ctx, path);
    if (read instanceof JsonParseFailure) return { status: "unparsable", value: null, problem: read.problem };
    return read.raw === null ? { status: "missing", value: null } : { status: "ok", value: read.value };
  } catch (error) {
    return { status: "unreadable", value: null, reason: errnoOf(error) ?? "unknown" };
  }
}

/** The problem or reason of a view, for a result (absent when there is none). */
function trouble(view: FileTrouble): FileTrouble {
  return { ...(view.problem ? { problem: view.problem } : {}), ...(view.reason ? { reason: view.reason } : {}) };
}

/**
 * The entry Claude Desktop applies in one data directory, unmasked: null when _meta.json names
 * none (or no valid id); settings null when that entry file is missing or cannot be read.
 */
export async function readApplied(
  ctx: Context,
  dataDir: string,
): Promise<{ id: string; name: string | null; settings: JsonObject | null } | null> {
  const meta = await readView(ctx, metaPath(dataDir));
  const id = meta.value?.appliedId;
  if (typeof id !== "string" || !APPLIED_ID_PATTERN.test(id)) return null;
  const name = metaRows(meta.value ?? {}).find((row) => row.id === id)?.name || null;
  return { id, name, settings: (await readView(ctx, entryPath(dataDir, id))).value };
}

/** The applied entry Claude Desktop reads: the first data directory whose applied entry file exists. */
export async function firstApplied(ctx: Context, dataDirs: readonly { path: string }[]): Promise<AppliedEntry | null> {
  for (const dir of dataDirs) {
    const applied = await readApplied(ctx, dir.path);
    if (applied?.settings) return { id: applied.id, name: applied.name, settings: applied.settings };
  }
  return null;
}

/**
 * The rows of a library's _meta.json and the entry it applies (a valid id, else null), without
 * reading any entry file; no rows when _meta.json is missing or cannot be read. `reads`: the
 * run's reads, when it has them.
 */
export async function libraryRows(
  ctx: Context,
  dataDir: string,
  reads?: JsonReads,
): Promise<{ rows: MetaRow[]; appliedId: string | null }> {
  const read = await readJson(ctx, metaPath(dataDir), {}, reads).catch(() => null);
  const value = read && !(read instanceof JsonParseFailure) && read.raw !== null ? read.value : null;
  const appliedId = value?.appliedId;
  return {
    rows: value ? metaRows(value) : [],
    appliedId: typeof appliedId === "string" && APPLIED_ID_PATTERN.test(appliedId) ? appliedId : null,
  };
}

export async function inspectLibrary(ctx: Context, dir: DataDir): Promise<LibraryView> {
  const meta = await readView(ctx, metaPath(dir.path));
  const rows = meta.value ? metaRows(meta.value) : [];
  const appliedId = meta.value && typeof meta.value.appliedId === "string" ? meta.value.appliedId : null;
  let applied: LibraryView["applied"] = null;
  if (appliedId && APPLIED_ID_PATTERN.test(appliedId)) {
    const path = entryPath(dir.path, appliedId);
    const entry = await readView(ctx, path);
    applied = {
      id: appliedId,
      name: rows.find((r) => r.id === appliedId)?.name ?? null,
      path,
      status: entry.status,
      ...trouble(entry),
      ours: appliedId === ENTRY_ID,
      settings: entry.value ? (maskSettings(entry.value) as JsonObject) : null,
    };
  }
  return {
    path: dir.path,
    kind: dir.kind,
    ...(dir.family ? { family: dir.family } : {}),
    meta: { path: metaPath(dir.path), status: meta.status, ...trouble(meta) },
    appliedId,
    appliedIdValid: appliedId !== null && APPLIED_ID_PATTERN.test(appliedId),
    entries: rows.map((r) => ({ ...r, ours: r.id === ENTRY_ID })),
    applied,
  };
}

export async function inspectRootConfig(ctx: Context, file: RootConfigFile): Promise<RootConfigView> {
  const view = await readView(ctx, file.path);
  return { path: file.path, role: file.role, status: view.status, ...trouble(view), deploymentMode: view.value?.deploymentMode ?? null };
}

/**
 * What the applied entry (firstApplied's) turns on (cost estimates with the day of their prices,
 * attribution, 1M rows, sign-in); null when no entry is applied.
 */
export function appliedFeatures(applied: AppliedEntry | null, state: ToolState): FeatureFacts | null {
  if (!applied) return null;
  // The day the prices were read is known only for this tool's own entry.
  const readAt = applied.id === ENTRY_ID ? (state.pricesReadAt ?? null) : null;
  return factsOf(entryFeatures(applied.settings), readAt);
}
