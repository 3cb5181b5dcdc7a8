// What was in place before the tool applied its entry, so `revert` can put it back.
// Kept in the tool's state directory and written in the same transaction as the config files.
import { join } from "node:path";
import type { Context } from "../core/context.js";
import { isPlainObject, JsonParseFailure, readJsonFile, type JsonObject } from "./json-file.js";

export interface LibraryRecord {
  /** appliedId before the first setup; null when none was set. */
  previousAppliedId: string | null;
  /** Whether _meta.json existed before the first setup. */
  metaExisted: boolean;
}

export interface DeploymentModeRecord {
  fileExisted: boolean;
  hadKey: boolean;
  value?: unknown;
}

export interface ToolState {
  version: 1;
  libraries: Record<string, LibraryRecord>;
  deploymentMode: Record<string, DeploymentModeRecord>;
  /** The day (YYYY-MM-DD) the entry's price rows were read from OpenRouter. */
  pricesReadAt?: string;
}

export function statePath(stateDir: string): string {
  return join(stateDir, "state.json");
}

export function emptyState(): ToolState {
  return { version: 1, libraries: {}, deploymentMode: {} };
}

export interface StateRead {
  state: ToolState;
  raw: Buffer | null;
  mode: number | null;
  /** The file exists but does not parse: a write replaces it (after the backup) and says so. */
  unparsable: boolean;
}

/** Reads state.json; an unreadable one is treated as empty (it only helps revert). */
export async function readState(ctx: Pick<Context, "fs">, stateDir: string): Promise<StateRead> {
  const read = await readJsonFile(ctx, statePath(stateDir)).catch(() => null);
  if (read instanceof JsonParseFailure) return { state: emptyState(), raw: read.raw, mode: read.mode, unparsable: true };
  if (read === null || read.raw === null) return { state: emptyState(), raw: null, mode: null, unparsable: false };
  return { state: normalizeState(read.value), raw: read.raw, mode: read.mode, unparsable: false };
}

function normalizeState(value: JsonObject): ToolState {
  const state = emptyState();
  if (isPlainObject(value.libraries)) {
    for (const [dir, record] of Object.entries(value.libraries)) {
      if (!isPlainObject(record)) continue;
      state.libraries[dir] = {
        previousAppliedId: typeof record.previousAppliedId === "string" ? record.previousAppliedId : null,
        metaExisted: record.metaExisted === true,
      };
    }
  }
  if (isPlainObject(value.deploymentMode)) {
    for (const [file, record] of Object.entries(value.deploymentMode)) {
      if (!isPlainObject(record)) continue;
      state.deploymentMode[file] = {
        fileExisted: record.fileExisted === true,
        hadKey: record.hadKey === true,
        ...("value" in record ? { value: record.value } : {}),
      };
    }
  }
  if (typeof value.pricesReadAt === "string") state.pricesReadAt = value.pricesReadAt;
  return state;
}
