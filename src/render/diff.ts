// The plan shown before a write: a unified diff of each planned file, with every secret masked
// exactly as `show` masks it.
import { type StructuredPatchOptionsAbortable, structuredPatch } from "diff";
import type { Context } from "../core/context.js";
import { stripControls } from "../core/terminal-text.js";
import type { PlannedChange } from "../config/plan.js";
import { maskJsonText } from "./mask.js";
import { style } from "./style.js";
import { decodeJsonText } from "../config/json-file.js";

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

/**
 * Prints the planned changes (stdout; nothing with --json). The tool's own state.json is only
 * shown when it is being replaced because it did not parse, and without a diff.
 */
export function showPlan(ctx: Context, changes: PlannedChange[], key?: string, directories: string[] = []): void {
  if (ctx.ui.json) return;
  const s = style(ctx);
  const t = ctx.ui.t;
  const shown = changes.filter((c) => c.kind !== "state" || c.repaired);
  if (shown.length === 0 && directories.length === 0) return;
  const out: string[] = [s.bold(t("plan.title"))];
  for (const dir of directories) out.push("", `${s.bold(t("plan.createDir"))} ${dir}`);
  for (const change of shown) {
    const note = change.repaired ? ` ${s.warn(t(change.repair === "tolerant" ? "plan.repairedTolerant" : "plan.repaired"))}` : "";
    const mode = change.dirMode ?? (change.action === "mode" ? (change.fileMode ?? 0o600) : undefined);
    const action = mode !== undefined ? t("action.mode", { mode: mode.toString(8) }) : t(`action.${change.action}` as "action.create");
    out.push("", `${s.bold(action)} ${change.path}${note}`);
    if (change.dropped?.length) out.push(s.warn(t("plan.dropped", { items: change.dropped.join("  ") })));
    if (change.store) out.push(s.dim(t(change.store.op === "write" ? "keychain.plan.write" : "keychain.plan.delete")));
    const diff = change.kind === "state" ? "" : renderDiff(ctx, change, key);
    if (diff) out.push(diff);
  }
  ctx.streams.stdout.write(`${out.join("\n")}\n\n`);
}
