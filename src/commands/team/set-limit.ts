// `team set-limit <name>… --limit <usd> [--limit-reset …]`: changes members' caps (PATCH limit,
// limit_reset); the manifest in --out-dir, when given, names the keys and records the new caps.
import * as z from "zod/mini";
import type { Context } from "../../core/context.js";
import { usageError } from "../../core/errors.js";
import { ExitCode } from "../../core/exit-codes.js";
import { Report, type Warning } from "../../render/report.js";
import { updateKey } from "../../openrouter/management.js";
import { columns, resetText, usdOrDash } from "../../render/figures.js";
import { outputWidth, style, wrapHuman } from "../../render/style.js";
import { parseOptions } from "../options.js";
import type { Outcome } from "../types.js";
import { ManagementKeyOptions, memberKeys, withKeys } from "./shared.js";
import { limitOption, resetOption } from "../../team/members.js";
import { plural } from "../../i18n/phrase.js";
import type { Command } from "commander";
import { type OptionKit, teamOptions } from "../option-groups.js";

/** team set-limit's options in commander's tree (test/unit/options-match.test.ts: the schema's keys). */
export function options(command: Command, kit: OptionKit): Command {
  const { t, inCwd } = kit;
  return teamOptions(kit, command)
    .option("--out-dir <dir>", t("help.teamOutDirRead"), inCwd)
    .option("--limit <usd>", t("help.teamSetLimitLimit"))
    .option("--limit-reset <period>", t("help.teamSetLimitReset"));
}

export const SetLimitOptionsSchema = z.object({
  ...ManagementKeyOptions,
  names: z._default(z.array(z.string()), []),
  outDir: z.optional(z.string().check(z.minLength(1))),
  limit: z.optional(z.string()),
  limitReset: z.optional(z.string()),
});
export type SetLimitOptions = z.input<typeof SetLimitOptionsSchema>;

export interface LimitChange {
  name: string;
  hash: string;
  label: string | null;
  limit: number | null;
  limitReset: string | null;
  previousLimit: number | null;
  previousReset: string | null;
}

export interface SetLimitResult {
  command: "team set-limit";
  members: LimitChange[];
  warnings: Warning[];
}

export async function run(ctx: Context, raw: SetLimitOptions): Promise<Outcome<SetLimitResult>> {
  const options = parseOptions(SetLimitOptionsSchema, raw);
  if (options.names.length === 0) throw usageError("error.teamNamesMissing", {}, "hint.teamUnknownMembers");
  const limit = limitOption(options.limit);
  if (limit === undefined) throw usageError("error.teamSetLimitMissing", {}, "hint.teamLimit");
  const limitReset = resetOption(options.limitReset);
  const report = new Report(ctx);
  return withKeys(ctx, report, options, async ({ manifest, key, keys, save }) => {
    const members: LimitChange[] = [];
    for (const target of memberKeys(options.names, manifest, keys, true)) {
      if (target.keys.length === 0) report.warn("team.key-gone", "warn.teamKeyGone", { name: target.name });
      for (const k of target.keys) {
        const updated = await report.step(
          "step.teamSetLimit",
          () => updateKey(ctx, key, k.hash, { limit, ...(limitReset !== undefined ? { limitReset } : {}) }),
          { name: target.name },
        );
        members.push({
          name: target.name,
          hash: k.hash,
          label: k.label,
          limit: updated.limit,
          limitReset: updated.limitReset,
          previousLimit: k.limit,
          previousReset: k.limitReset,
        });
      }
      if (target.entry) {
        target.entry.limit = limit;
        if (limitReset !== undefined) target.entry.limitReset = limitReset;
        await save();
      }
    }
    return { exitCode: ExitCode.ok, result: { command: "team set-limit", members, warnings: report.warnings } };
  });
}

export function render(ctx: Context, outcome: Outcome<SetLimitResult>): void {
  const t = ctx.ui.t;
  const s = style(ctx);
  const rows = outcome.result.members.map((m) => [
    m.name,
    `${usdOrDash(m.previousLimit)} → ${usdOrDash(m.limit)}`,
    `${resetText(ctx, m.previousReset)} → ${resetText(ctx, m.limitReset)}`,
  ]);
  const lines = [`${s.symbols.ok} ${t(plural("team.setLimitDone", rows.length))}`];
  // Too wide: long names are cut, then the reset goes; the caps stay whole.
  const fit = {
    width: outputWidth(ctx),
    shrink: [
      [0, 12],
      [2, 0, "whole"],
      [0, 8],
    ] as [number, number, "whole"?][],
  };
  if (rows.length > 0) lines.push("", columns(ctx, [t("team.col.member"), t("team.col.limit"), t("team.col.reset")], rows, "  ", fit));
  ctx.streams.stdout.write(`${wrapHuman(lines.join("\n"), outputWidth(ctx))}\n`);
}
