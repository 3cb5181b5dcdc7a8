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
  // A repaired file shows what it held too: what --repair drops is visible as removed lines.
  const before = change.before ? maskJsonText(decodeJsonText(change.before), key) : "";
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
