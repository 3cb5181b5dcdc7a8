// Steps 1 and 2: what will happen, and what was found on this machine.
import type { Context } from "../core/context.js";
import { ENTRY_ID } from "../config/entry.js";
import { libraryRows } from "../config/inspect.js";
import type { JsonReads } from "../config/json-reads.js";
import type { ResolvedTargets } from "../config/targets.js";
import type { AppInstall } from "../platform/types.js";
import { appLabel, dirLabel, platformName } from "../render/figures.js";
import { outputWidth, style, table } from "../render/style.js";
import { say } from "./io.js";

/** Step 1: what will happen, and that nothing is written before the user confirms. */
export function header(ctx: Context): void {
  const s = style(ctx);
  say(ctx, s.bold(ctx.ui.t("wizard.title")));
  say(ctx, ctx.ui.t("wizard.intro"));
  say(ctx, s.dim(ctx.ui.t("wizard.cancelHint")));
  say(ctx);
}

/**
 * Step 2: platform, the app (or its absence), the config directories and the entries found (from
 * each _meta.json, through the run's `reads` when given).
 */
export async function found(
  ctx: Context,
  targets: Pick<ResolvedTargets, "dataDirs">,
  apps: AppInstall[],
  reads?: JsonReads,
): Promise<void> {
  const t = ctx.ui.t;
  const s = style(ctx);
  const app = apps[0];
  const rows: [string, string][] = [
    [t("label.platform"), platformName(ctx.platform)],
    [t("label.app"), app ? appLabel(app) : s.warn(t("value.appNotFound"))],
  ];
  for (const dir of targets.dataDirs) {
    rows.push([t("label.configDir"), dirLabel(ctx, dir)]);
    const library = await libraryRows(ctx, dir.path, reads);
    const ours = library.rows.find((row) => row.id === ENTRY_ID);
    const applied = library.appliedId;
    if (applied === ENTRY_ID) rows.push([t("wizard.found.entry"), t("wizard.found.oursApplied", { name: ours?.name || "OpenRouter" })]);
    else if (ours) rows.push([t("wizard.found.entry"), t("wizard.found.oursNotApplied", { name: ours.name || "OpenRouter" })]);
    else rows.push([t("wizard.found.entry"), t("wizard.found.noEntry")]);
    if (applied !== null && applied !== ENTRY_ID) {
      const name = library.rows.find((row) => row.id === applied)?.name ?? applied;
      rows.push([t("wizard.found.applied"), s.warn(t("wizard.found.otherApplied", { name }))]);
    }
  }
  say(ctx, `${s.bold(t("setup.found"))}\n${table(rows, "  ", 0, outputWidth(ctx))}\n`);
}
