// `doctor --fix`: turns the safe repairs the checks proposed into planned file changes; the
// command applies them through the shared write flow (lock, plan, confirmation, backup set,
// atomic writes, rollback, app restart), like setup and revert.
import { basename } from "node:path";
import type { Context } from "../core/context.js";
import { ENTRY_ID } from "../config/entry.js";
import { isPlainObject, JsonParseFailure, type JsonObject } from "../config/json-file.js";
import { compact, deploymentModeChange, entryChange, readForPlan, stateChange, type PlannedChange, type Targets } from "../config/plan.js";
import { entryPath, metaPath } from "../config/library-paths.js";
import { readState, type ToolState } from "../config/state.js";
import { type JsonReads, readJson } from "../config/json-reads.js";
import type { FixAction } from "./types.js";
import { READ_LIMITS, readRegularFile } from "../core/safe-read.js";

export interface PlannedFix {
  id: string;
  action: FixAction;
  /** One line for people, in their language. */
  description: string;
}

function show(value: unknown): string {
  return JSON.stringify(value);
}

export function describeFixes(ctx: Context, repairs: { id: string; actions: FixAction[] }[], appliedPath: string | null): PlannedFix[] {
  const t = ctx.ui.t;
  return repairs.flatMap(({ id, actions }) =>
    actions.map((action): PlannedFix => {
      const description =
        action.kind === "entry-key"
          ? action.key === "inferenceModels"
            ? t("doctor.fixing.models", {
                path: appliedPath ?? "-",
                to: (Array.isArray(action.value) ? action.value : [])
                  .map((m) => (isPlainObject(m) ? String(m.name) : String(m)))
                  .join(", "),
              })
            : t("doctor.fixing.entryKey", {
                key: action.key,
                from: show(action.from ?? null),
                to: show(action.value),
                path: appliedPath ?? "-",
              })
          : action.kind === "root-config"
            ? t("doctor.fixing.deploymentMode", { path: action.path, from: show(action.from ?? null) })
            : t("doctor.fixing.chmod", { mode: action.mode.toString(8), path: action.path });
      return { id, action, description };
    }),
  );
}

/** A file's permissions tightened: the same bytes written again owner-only (a directory: chmod). */
async function modeChange(ctx: Context, action: Extract<FixAction, { kind: "chmod" }>): Promise<PlannedChange | undefined> {
  const stat = await ctx.fs.stat(action.path).catch(() => null);
  if (!stat) return undefined;
  const mode = stat.mode & 0o777;
  if (action.isDir) {
    return {
      kind: "directory",
      path: action.path,
      before: null,
      after: null,
      secret: false,
      mode,
      dirMode: action.mode,
      action: "mode",
      repaired: false,
    };
  }
  const raw = await readRegularFile(ctx, action.path, { limit: READ_LIMITS.config, noFollow: !action.path.endsWith("_meta.json") });
  const kind = basename(action.path) === "_meta.json" ? "meta" : "entry";
  return { kind, path: action.path, before: raw, after: raw, secret: true, mode, action: "mode", repaired: false };
}

/** Files --fix may touch besides the root configs: the library directory, _meta.json's mode, and our entry. */
function ours(path: string): boolean {
  return basename(path) === "configLibrary" || basename(path) === "_meta.json" || basename(path) === `${ENTRY_ID}.json`;
}

/**
 * The changes for the fixes: keys of OUR entry (where a library applies it), deploymentMode in the
 * root configs, and permissions. Other tools' entries are never written.
 */
export async function planDoctorFix(ctx: Context, targets: Targets, actions: FixAction[], reads?: JsonReads): Promise<PlannedChange[]> {
  const stateRead = await readState(ctx, targets.stateDir, reads);
  const state: ToolState = structuredClone(stateRead.state);
  const changes: PlannedChange[] = [];
  const entryKeys = actions.filter((a): a is Extract<FixAction, { kind: "entry-key" }> => a.kind === "entry-key");
  if (entryKeys.length > 0) {
    // The same entry in every copy the app may read (Windows packaged and legacy copies).
    for (const dir of targets.dataDirs) {
      const meta = await readJson(ctx, metaPath(dir.path), {}, reads).catch(() => null);
      if (!meta || meta instanceof JsonParseFailure || meta.value.appliedId !== ENTRY_ID) continue;
      const entry = await readForPlan(ctx, entryPath(dir.path), false, reads).catch(() => null);
      if (!entry || entry.raw === null) continue;
      const next: JsonObject = { ...entry.value };
      for (const a of entryKeys) next[a.key] = a.value;
      const change = entryChange(state, dir.path, entry, next);
      if (change) changes.push(change);
    }
  }
  for (const action of actions) {
    if (action.kind !== "root-config") continue;
    const read = await readForPlan(ctx, action.path, false, reads).catch(() => null);
    const change = read ? deploymentModeChange(state, read) : undefined;
    if (change) changes.push(change);
  }
  for (const action of actions) {
    if (action.kind !== "chmod" || !ours(action.path) || changes.some((c) => c.path === action.path)) continue;
    const change = await modeChange(ctx, action);
    if (change) changes.push(change);
  }
  if (changes.length === 0) return [];
  // As in setup, the record of what was there before goes first.
  return [...compact([stateChange(targets.stateDir, stateRead, state)]), ...changes];
}
