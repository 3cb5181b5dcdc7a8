// The applied entry as the doctor's config.* checks read it, and the repair --fix may make to it
// (only to this tool's own entry; another tool's entry is read, never written).
import { ENTRY_ID } from "../config/entry.js";
import type { JsonObject } from "../config/json-file.js";
import type { Shared } from "./shared.js";
import type { FixAction } from "./types.js";

/** What every check of the applied entry waits for. */
export const ENTRY_DEPS = ["config.library"];

export interface Applied {
  settings: JsonObject;
  /** This tool's entry: --fix may repair it. Any other entry is only reported. */
  ours: boolean;
}

export async function appliedEntry(shared: Shared): Promise<Applied> {
  const applied = await shared.applied();
  return { settings: applied?.settings ?? {}, ours: applied?.id === ENTRY_ID };
}

/** The repair --fix may apply, only for this tool's own entry. */
export function repairIf(ours: boolean, fix: string, actions: FixAction[]): { fix: string; actions: FixAction[] } | undefined {
  return ours ? { fix, actions } : undefined;
}
