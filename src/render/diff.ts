// The plan shown before a write: a unified diff of each planned file, with every secret masked
// exactly as `show` masks it.
import { structuredPatch } from "diff";
import type { Context } from "../core/context.js";
import type { PlannedChange } from "../config/plan.js";
import { maskJsonText } from "./mask.js";
import { style } from "./style.js";
import { decodeJsonText } from "../config/json-file.js";

export function renderDiff(ctx: Context, change: PlannedChange, key?: string): string {
  const s = style(ctx);
  const before = change.before && !change.repaired ? maskJsonText(decodeJsonText(change.before), key) : "";
  const after = change.after ? maskJsonText(change.after.toString("utf8"), key) : "";
  const patch = structuredPatch(change.path, change.path, before, after, "", "", { context: 3 });
  const lines: string[] = [];
  for (const hunk of patch.hunks) {
    lines.push(s.dim(`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`));
    for (const line of hunk.lines) {
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
export function showPlan(ctx: Context, changes: PlannedChange[], key?: string): void {
  if (ctx.ui.json) return;
  const s = style(ctx);
  const t = ctx.ui.t;
  const shown = changes.filter((c) => c.kind !== "state" || c.repaired);
  if (shown.length === 0) return;
  const out: string[] = [s.bold(t("plan.title"))];
  for (const change of shown) {
    out.push("", `${s.bold(t(`action.${change.action}`))} ${change.path}${change.repaired ? ` ${s.warn(t("plan.repaired"))}` : ""}`);
    const diff = change.kind === "state" ? "" : renderDiff(ctx, change, key);
    if (diff) out.push(diff);
  }
  ctx.streams.stdout.write(`${out.join("\n")}\n\n`);
}
