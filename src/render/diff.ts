// A unified diff of each planned file, with every key masked.
import { structuredPatch } from "diff";
import type { Context } from "../core/context.js";
import type { PlannedChange } from "../config/plan.js";
import { maskSecrets } from "./mask.js";
import { style } from "./style.js";

export function renderDiff(ctx: Context, change: PlannedChange, key?: string): string {
  const s = style(ctx);
  const before = change.before && !change.repaired ? maskSecrets(change.before.toString("utf8").replace(/^\uFEFF/, ""), key) : "";
  const after = change.after ? maskSecrets(change.after.toString("utf8"), key) : "";
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
