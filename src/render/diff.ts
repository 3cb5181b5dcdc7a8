// The plan shown before a write: a unified diff of each planned file, with every secret masked
// exactly as `show` masks it.
import { type StructuredPatchOptionsAbortable, structuredPatch } from "diff";
import type { Context } from "../core/context.js";
import { stripControls } from "../core/terminal-text.js";
import type { PlannedChange } from "../config/plan.js";
import { maskJsonText } from "./mask-text.js";
import { style } from "./style.js";
import { decodeJsonText, isPlainObject, jsonEqual } from "../config/json-file.js";
import { parse as parseJsonc } from "jsonc-parser";
import { plural } from "../i18n/catalogue.js";
import { maskKey } from "../openrouter/key.js";
import { maskString } from "./mask.js";
import { DISPLAY_NAME } from "../config/entry.js";
import { displayWidth, outputWidth, wrapText } from "./style.js";

/** Beyond this many changed lines a file's diff is summed up: computing it would cost too much, and nobody reads it. */
export const MAX_DIFF_EDITS = 1000;
/** Unchanged lines shown around each change. */
const CONTEXT = 3;

export interface DiffWork {
  /** Line comparisons made: the measure of the work, for tests. */
  comparisons: number;
}

export type LineDiff =
  | { hunks: { oldStart: number; oldLines: number; newStart: number; newLines: number; lines: string[] }[] }
  | { tooLarge: { removed: number; added: number } };

/**
 * The line diff of two texts, near-linear in their size: the lines both share at the start and at
 * the end are set aside first (one comparison each), and only what lies between goes to the diff
 * algorithm, which gives up beyond MAX_DIFF_EDITS changed lines (then a count is returned instead).
 */
export function lineDiff(before: string, after: string, work: DiffWork = { comparisons: 0 }): LineDiff {
  // Lines as the diff counts them: a final line feed ends the last line, it does not start another.
  const split = (text: string) => (text === "" ? [] : (text.endsWith("\n") ? text.slice(0, -1) : text).split("\n"));
  const a = split(before);
  const b = split(after);
  const sameEnding = before.endsWith("\n") === after.endsWith("\n");
  const shorter = Math.min(a.length, b.length);
  const same = (i: number, j: number) => {
    work.comparisons++;
    return a[i] === b[j];
  };
  let head = 0;
  while (head < shorter && same(head, head)) head++;
  let tail = 0;
  // Only when both end alike: a line feed added or removed at the end is itself a change to show.
  while (sameEnding && tail < shorter - head && same(a.length - 1 - tail, b.length - 1 - tail)) tail++;
  if (sameEnding && head === a.length && head === b.length) return { hunks: [] };
  // The window keeps CONTEXT shared lines on each side, so hunks get the same context as over the whole text.
  const start = Math.max(0, head - CONTEXT);
  const kept = Math.max(0, tail - CONTEXT);
  const window = (lines: string[], text: string) => {
    const inside = lines.slice(start, lines.length - kept);
    return inside.length === 0 ? "" : `${inside.join("\n")}${kept > 0 || text.endsWith("\n") ? "\n" : ""}`;
  };
  const removed = a.length - head - tail;
  const added = b.length - head - tail;
  // `comparator` reaches the line diff under structuredPatch (its types do not list it): it counts.
  const options = {
    context: CONTEXT,
    maxEditLength: MAX_DIFF_EDITS,
    comparator: (left: string, right: string) => {
      work.comparisons++;
      return left === right;
    },
  } as StructuredPatchOptionsAbortable;
  const patch = structuredPatch("a", "b", window(a, before), window(b, after), "", "", options);
  if (!patch) return { tooLarge: { removed, added } };
  return {
    hunks: patch.hunks.map((hunk) => ({
      ...hunk,
      oldStart: hunk.oldStart + start,
      newStart: hunk.newStart + start,
    })),
  };
}

export function renderDiff(ctx: Context, change: PlannedChange, key?: string): string {
  const s = style(ctx);
  // A repaired file shows what it held too: what --repair drops is visible as removed lines.
  const before = change.before ? maskJsonText(decodeJsonText(change.before), key) : "";
  const after = change.after ? maskJsonText(change.after.toString("utf8"), key) : "";
  const diff = lineDiff(before, after);
  if ("tooLarge" in diff) return s.dim(ctx.ui.t("plan.diffTooLarge", diff.tooLarge));
  const lines: string[] = [];
  for (const hunk of diff.hunks) {
    lines.push(s.dim(`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`));
    for (const raw of hunk.lines) {
      // The files' text is shown as it is, but for control characters (JSON leaves C1 and bidi controls raw).
      const line = stripControls(raw);
      if (line.startsWith("+")) lines.push(s.added(line));
      else if (line.startsWith("-")) lines.push(s.removed(line));
      else if (!line.startsWith("\\")) lines.push(s.dim(line));
    }
  }
  return lines.join("\n");
}

/** A file's JSON object (comments allowed), or null when it is not one. */
function objectOf(raw: Buffer | null | undefined): Record<string, unknown> | null {
  if (!raw) return null;
  const value: unknown = parseJsonc(decodeJsonText(raw), [], { allowTrailingComma: true });
  return isPlainObject(value) ? value : null;
}

/** A value in a few words: a string masked as `show` masks it and cut short, a list counted. */
function shortValue(ctx: Context, name: string, value: unknown): string {
  if (typeof value === "string") {
    const masked = stripControls(maskString(value, [name]));
    return JSON.stringify(masked.length > 40 ? `${masked.slice(0, 39)}…` : masked);
  }
  if (Array.isArray(value)) return ctx.ui.t(plural("plan.sum.items", value.length));
  if (isPlainObject(value)) return ctx.ui.t(plural("plan.sum.items", Object.keys(value).length));
  return String(value);
}

/** What our entry will hold: its models, egress hosts and key, in words. */
function entrySummary(ctx: Context, entry: Record<string, unknown>, key?: string): string {
  const t = ctx.ui.t;
  const models = Array.isArray(entry.inferenceModels)
    ? t(plural("plan.sum.models", entry.inferenceModels.length))
    : t("plan.sum.discovery");
  const list = Array.isArray(entry.coworkEgressAllowedHosts) ? entry.coworkEgressAllowedHosts : [];
  const hosts = list.includes("*")
    ? t("plan.sum.allHosts")
    : list.length === 0
      ? t("plan.sum.noHosts")
      : t(plural("plan.sum.hosts", list.length));
  const secret = entry.inferenceGatewayApiKey;
  const keyText =
    typeof secret === "string"
      ? t("plan.sum.keyStatic", { masked: key && secret === key ? maskKey(key) : maskString(secret, ["inferenceGatewayApiKey"]) })
      : t("plan.sum.keyHelper");
  const name = typeof entry.deploymentDisplayName === "string" ? stripControls(entry.deploymentDisplayName) : DISPLAY_NAME;
  return t("plan.sum.entry", { name, models, hosts, key: keyText });
}

/**
 * What a planned change does, in words (one line each): our entry by what it holds, any other
 * JSON file by the settings set and removed (values masked, lists counted). Nothing for a deletion.
 */
function summarizeChange(ctx: Context, change: PlannedChange, key?: string): string[] {
  const t = ctx.ui.t;
  if (change.action === "delete" || change.action === "mode" || change.store) return [];
  if (change.kind === "helper") return [t("plan.sum.helper")];
  const before = objectOf(change.before) ?? {};
  const after = objectOf(change.after);
  if (!after) return [];
  const lines: string[] = [];
  if (change.kind === "entry" && after.inferenceProvider === "gateway" && change.action === "create")
    return [entrySummary(ctx, after, key)];
  if (change.kind === "meta" && after.appliedId !== before.appliedId && typeof after.appliedId === "string") {
    const rows = Array.isArray(after.entries) ? after.entries.filter(isPlainObject) : [];
    const row = rows.find((r) => r.id === after.appliedId);
    const listed = Array.isArray(before.entries) && before.entries.some((r) => isPlainObject(r) && r.id === after.appliedId);
    const name = stripControls(typeof row?.name === "string" && row.name ? row.name : String(after.appliedId));
    lines.push(t(listed ? "plan.sum.apply" : "plan.sum.addApply", { name }));
  }
  const set: string[] = [];
  const removed: string[] = [];
  for (const [name, value] of Object.entries(after)) {
    if (change.kind === "meta" && (name === "appliedId" || name === "entries") && lines.length > 0) continue;
    if (!(name in before) || !jsonEqual(before[name], value)) set.push(`${stripControls(name)} ${shortValue(ctx, name, value)}`);
  }
  for (const name of Object.keys(before)) if (!(name in after)) removed.push(stripControls(name));
  if (set.length > 0) lines.push(t("plan.sum.set", { items: set.join(", ") }));
  if (removed.length > 0) lines.push(t("plan.sum.remove", { items: removed.join(", ") }));
  if (lines.length === 0) lines.push(t("plan.sum.unchangedValues"));
  return lines;
}

/** The masked unified diff of every planned file, without colour: what --dry-run --json carries. */
export function plainDiff(ctx: Context, change: PlannedChange, key?: string): string {
  if (change.kind === "state" || change.store) return "";
  return renderDiff({ ...ctx, ui: { ...ctx.ui, color: false } }, change, key);
}

/**
 * Prints the planned changes (stdout; nothing with --json): per file, what is done to it and, in
 * words, what changes, so that the plan fits one screen; the full diff with `full` (--diff). The
 * tool's own state.json is only shown when it is being replaced because it did not parse, and
 * without a diff.
 */
export function showPlan(ctx: Context, changes: PlannedChange[], key?: string, directories: string[] = [], full = false): void {
  if (ctx.ui.json) return;
  const s = style(ctx);
  const t = ctx.ui.t;
  const width = outputWidth(ctx);
  const shown = changes.filter((c) => c.kind !== "state" || c.repaired);
  if (shown.length === 0 && directories.length === 0) return;
  const out: string[] = [s.bold(t("plan.title"))];
  for (const dir of directories) out.push(...(full ? [""] : []), wrapText(`${s.bold(t("plan.createDir"))} ${dir}`, width, { rest: "  " }));
  // In words, files that change alike are said once ("set deploymentMode "3p"" in both root files).
  const groups: { action: string; note: string; paths: string[]; change: PlannedChange; summary: string[] }[] = [];
  for (const change of shown) {
    const note = change.repaired ? ` ${s.warn(t(change.repair === "tolerant" ? "plan.repairedTolerant" : "plan.repaired"))}` : "";
    const mode = change.dirMode ?? (change.action === "mode" ? (change.fileMode ?? 0o600) : undefined);
    const action = s.bold(
      mode !== undefined ? t("action.mode", { mode: mode.toString(8) }) : t(`action.${change.action}` as "action.create"),
    );
    const summary = full ? [] : summarizeChange(ctx, change, key);
    const last = groups.at(-1);
    const alike =
      !full && last && last.action === action && last.note === note && !change.dropped?.length && !change.store && !last.change.store;
    if (alike && summary.length > 0 && summary.join("\n") === last.summary.join("\n")) last.paths.push(change.path);
    else groups.push({ action, note, paths: [change.path], change, summary });
  }
  for (const { action, note, paths, change, summary } of groups) {
    if (full) out.push("");
    for (const [index, path] of paths.entries())
      out.push(wrapText(`${index === 0 ? action : " ".repeat(displayWidth(action))} ${path}${note}`, width, { rest: "  " }));
    if (change.dropped?.length) out.push(wrapText(s.warn(t("plan.dropped", { items: change.dropped.join("  ") })), width, { first: "  " }));
    if (change.store)
      out.push(
        wrapText(s.dim(t(change.store.op === "write" ? "keychain.plan.write" : "keychain.plan.delete").trim()), width, { first: "  " }),
      );
    if (!full) {
      for (const line of summary) out.push(wrapText(s.dim(line), width, { first: "  " }));
      continue;
    }
    const diff = change.kind === "state" ? "" : renderDiff(ctx, change, key);
    if (diff) out.push(diff);
  }
  if (!full) out.push("", wrapText(s.dim(t("plan.diffHint")), width));
  ctx.streams.stdout.write(`${out.join("\n")}\n\n`);
}
