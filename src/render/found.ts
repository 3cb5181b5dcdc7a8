// What a command found on this machine, said before anything is asked or checked (setup's header
// without the wizard; the wizard says it its own way).
import type { Context } from "../core/context.js";
import type { AppInstall, DataDir } from "../platform/types.js";
import { appLabel, dirLabel, platformName } from "./figures.js";
import { outputWidth, style, table } from "./style.js";

/** The platform, the app and every configuration directory, as a table on stderr (none with --json). */
export function printFound(ctx: Context, platform: string, app: AppInstall | undefined, dirs: DataDir[]): void {
  if (ctx.ui.json) return;
  const t = ctx.ui.t;
  const s = style(ctx);
  const rows: [string, string][] = [
    [t("label.platform"), platformName(platform)],
    [t("label.app"), app ? appLabel(app) : s.warn(t("value.appNotFound"))],
    ...dirs.map((d): [string, string] => [t("label.configDir"), dirLabel(ctx, d)]),
  ];
  ctx.streams.stderr.write(`${s.bold(t("setup.found"))}\n${table(rows, "  ", 0, outputWidth(ctx))}\n\n`);
}
