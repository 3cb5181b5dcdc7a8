// `doctor --fix`: turns the safe repairs the checks proposed into file changes and applies them
// through the write transaction (lock, backup set, atomic writes, rollback).
import type { Context } from "../core/context.js";
import { commitChanges, withLock, type FileChange } from "../core/transaction.js";
import { isPlainObject, jsonEqual, JsonParseFailure, readJsonFile, serializeJson, type JsonObject } from "../config/json-file.js";
import { readState, statePath } from "../config/state.js";
import type { Shared } from "./shared.js";
import type { FixAction } from "./types.js";

export interface PlannedFix {
  id: string;
  action: FixAction;
  /** One line for people, in their language. */
  description: string;
}

function show(value: unknown): string {
  return JSON.stringify(value);
}

export function describeFixes(ctx: Context, repairs: { id: string; actions: FixAction[] }[], entryPath: string | null): PlannedFix[] {
  const t = ctx.ui.t;
  return repairs.flatMap(({ id, actions }) =>
    actions.map((action): PlannedFix => {
      const description =
        action.kind === "entry-key"
          ? action.key === "inferenceModels"
            ? t("doctor.fixing.models", {
                path: entryPath ?? "-",
                to: (Array.isArray(action.value) ? action.value : [])
                  .map((m) => (isPlainObject(m) ? String(m.name) : String(m)))
                  .join(", "),
              })
            : t("doctor.fixing.entryKey", {
                key: action.key,
                from: show(action.from ?? null),
                to: show(action.value),
                path: entryPath ?? "-",
              })
          : action.kind === "root-config"
            ? t("doctor.fixing.deploymentMode", { path: action.path, from: show(action.from ?? null) })
            : t("doctor.fixing.chmod", { mode: action.mode.toString(8), path: action.path });
      return { id, action, description };
    }),
  );
}

async function readObject(ctx: Context, path: string): Promise<{ raw: Buffer | null; value: JsonObject; mode: number | null } | null> {
  const read = await readJsonFile(ctx, path);
  if (read instanceof JsonParseFailure) return null;
  return read;
}

/** Applies the fixes as one transaction. Returns the backup set's path, or null when nothing changed. */
export async function applyFixes(ctx: Context, shared: Shared, fixes: PlannedFix[]): Promise<{ backupPath: string | null }> {
  const targets = await shared.targets();
  const libs = await shared.libraries();
  const primary = libs[0]!;
  return withLock(ctx, targets.stateDir, async () => {
    const changes: FileChange[] = [];
    const entryKeys = fixes.map((f) => f.action).filter((a): a is Extract<FixAction, { kind: "entry-key" }> => a.kind === "entry-key");
    const chmods = fixes.map((f) => f.action).filter((a): a is Extract<FixAction, { kind: "chmod" }> => a.kind === "chmod");
    const rootFixes = fixes.map((f) => f.action).filter((a): a is Extract<FixAction, { kind: "root-config" }> => a.kind === "root-config");
    const touched = new Set<string>();

    if (entryKeys.length > 0 && primary.appliedId) {
      // The same entry in every copy the app may read (Windows packaged and legacy copies).
      for (const lib of libs) {
        if (lib.appliedId !== primary.appliedId || !lib.entryPath) continue;
        const read = await readObject(ctx, lib.entryPath);
        if (!read || read.raw === null) continue;
        const next: JsonObject = { ...read.value };
        for (const a of entryKeys) next[a.key] = a.value;
        if (jsonEqual(next, read.value)) continue;
        changes.push({ path: lib.entryPath, before: read.raw, after: serializeJson(next), secret: true, mode: read.mode });
        touched.add(lib.entryPath);
      }
    }

    const { state, raw: stateRaw, mode: stateMode } = await readState(ctx, targets.stateDir);
    let stateChanged = false;
    for (const a of rootFixes) {
      const read = await readObject(ctx, a.path);
      if (!read) continue;
      if (!state.deploymentMode[a.path]) {
        // Remembered so that `revert` can put the old value back.
        state.deploymentMode[a.path] = {
          fileExisted: read.raw !== null,
          hadKey: "deploymentMode" in read.value,
          ...("deploymentMode" in read.value ? { value: read.value.deploymentMode } : {}),
        };
        stateChanged = true;
      }
      changes.push({
        path: a.path,
        before: read.raw,
        after: serializeJson({ ...read.value, deploymentMode: "3p" }),
        secret: false,
        mode: read.mode,
      });
    }

    for (const a of chmods) {
      if (a.isDir || touched.has(a.path)) continue;
      const raw = await ctx.fs.readFile(a.path);
      const mode = (await ctx.fs.stat(a.path)).mode & 0o777;
      // Same bytes, written owner-only; the backup keeps the old mode for rollback.
      changes.push({ path: a.path, before: raw, after: raw, secret: true, mode });
    }

    if (stateChanged)
      changes.push({ path: statePath(targets.stateDir), before: stateRaw, after: serializeJson(state), secret: false, mode: stateMode });

    let backupPath: string | null = null;
    if (changes.length > 0) backupPath = (await commitChanges(ctx, targets.stateDir, "doctor-fix", changes)).backupPath;
    for (const a of chmods) if (a.isDir) await ctx.fs.chmod(a.path, a.mode);
    return { backupPath };
  });
}
