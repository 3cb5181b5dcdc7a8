// Setup's plan: our entry written and applied in every library, the deployment mode set, and the
// key's place (the entry, or the OS store with its helper) around them. Built from the plan
// primitives of ./plan.ts; revert's counterpart is ./revert-plan.ts.
import type { Context } from "../core/context.js";
import { credentialChanges } from "../keychain/plan.js";
import { buildEntry, buildMeta, ENTRY_ID, type EntrySettings } from "./entry.js";
import { isPlainObject, jsonEqual, type JsonObject } from "./json-file.js";
import { appendElement, setMember } from "./json-text.js";
import {
  compact,
  deploymentModeChange,
  entryChange,
  foreignChange,
  libraryRecord,
  readForPlan,
  stateChange,
  type PlannedChange,
  type Targets,
} from "./plan.js";
import { entryPath, metaPath } from "./library-paths.js";
import type { JsonReads } from "./json-reads.js";
import { readState, recordWrite, type SignInRecord, type ToolState } from "./state.js";

/** Our row added to (or renamed in) _meta.json and our entry applied; nothing else of the file changes. */
function metaSetupText(text: string, value: JsonObject, name: string): string {
  let out = value.appliedId === ENTRY_ID ? text : setMember(text, [], "appliedId", ENTRY_ID);
  const rows = value.entries;
  if (!Array.isArray(rows)) return setMember(out, [], "entries", [{ id: ENTRY_ID, name }]);
  const index = rows.findIndex((row) => isPlainObject(row) && row.id === ENTRY_ID);
  if (index < 0) return appendElement(out, ["entries"], { id: ENTRY_ID, name });
  if ((rows[index] as JsonObject).name !== name) out = setMember(out, ["entries", index], "name", name);
  return out;
}

export interface SetupPlanInput {
  settings: EntrySettings;
  name: string;
  repair: boolean;
  /** The day the price rows in settings were read: recorded when the rows written change. */
  pricesReadAt?: string;
  /** Where the key goes: the entry ("file", the default) or the OS secret store ("keychain"). */
  keyStorage?: "keychain" | "file";
  /** A key sign-in just created: recorded (without the key) so a rerun reuses it and revert names it. */
  signIn?: SignInRecord;
  /**
   * The run's reads, for a plan made outside the lock (a dry run): the files are then read once
   * for every answer and the plan. A plan under the lock reads them afresh.
   */
  reads?: JsonReads;
}

export async function planSetup(ctx: Context, targets: Targets, input: SetupPlanInput): Promise<PlannedChange[]> {
  const stateRead = await readState(ctx, targets.stateDir, input.reads);
  const state: ToolState = structuredClone(stateRead.state);
  const credential = await credentialChanges(ctx, targets.stateDir, input.keyStorage ?? "file", input.settings.apiKey);
  const settings: EntrySettings = { ...input.settings, helper: credential.helper };
  if (input.signIn) state.signIn = input.signIn;
  // The key stored and the helper written before any entry names them.
  const changes: (PlannedChange | undefined)[] = [...credential.first];

  for (const dir of targets.dataDirs) {
    const meta = await readForPlan(ctx, metaPath(dir.path), input.repair, input.reads);
    const entry = await readForPlan(ctx, entryPath(dir.path), input.repair, input.reads);
    // Remember what was applied before; when ours already is (a rerun), keep the first record.
    if (meta.value.appliedId !== ENTRY_ID) state.libraries[dir.path] = libraryRecord(meta);
    // The entry goes first so that appliedId never names a missing file.
    const next = buildEntry(entry.value, settings);
    if (input.pricesReadAt && next.inferenceModelPricing && !jsonEqual(next.inferenceModelPricing, entry.value.inferenceModelPricing))
      state.pricesReadAt = input.pricesReadAt;
    changes.push(entryChange(state, dir.path, entry, next));
    const metaChange = foreignChange(
      "meta",
      meta,
      (text) => metaSetupText(text, meta.value, input.name),
      () => buildMeta(meta.value, input.name),
    );
    if (metaChange?.after) recordWrite(state, metaChange.path, metaChange.before, metaChange.after);
    changes.push(metaChange);
  }

  for (const file of targets.rootConfigs) {
    const read = await readForPlan(ctx, file.path, input.repair, input.reads);
    if (read.raw === null && !file.createIfMissing) continue;
    changes.push(deploymentModeChange(state, read));
  }
  // A helper no entry names any more, and its item, go last.
  changes.push(...credential.last);

  const appChanges = compact(changes);
  if (appChanges.length === 0) return [];
  // The record of what was there before is written FIRST: a run killed part-way through the app
  // files must not leave our entry applied without it, or the rerun (seeing our entry already
  // applied) would never record the previous appliedId and deploymentMode, and revert could not
  // restore them. (revert does the opposite: its state change comes last.)
  return [...compact([stateChange(targets.stateDir, stateRead, state)]), ...appChanges];
}
