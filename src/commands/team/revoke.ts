// `team revoke <name>…`: disables each member's key (PATCH disabled), or with --delete deletes it
// (asked in a terminal, --yes otherwise). The manifest in --out-dir, when given, says which key
// is the member's and records the revocation; without it every key named after the member is hit.
import * as z from "zod/mini";
import type { Context } from "../../core/context.js";
import { CliError, usageError } from "../../core/errors.js";
import { ExitCode } from "../../core/exit-codes.js";
import { Report, type Warning } from "../../render/report.js";
import { deleteKey, isKeyGone, updateKey } from "../../openrouter/management.js";
import { outputWidth, style, wrapHuman } from "../../render/style.js";
import { columns } from "../../render/figures.js";
import { parseOptions } from "../options.js";
import type { Outcome } from "../types.js";
import { ManagementKeyOptions, memberKeys, withKeys } from "./shared.js";
import { plural } from "../../i18n/phrase.js";
import type { Command } from "commander";
import { type OptionKit, teamOptions } from "../option-groups.js";

/** team revoke's options in commander's tree (test/unit/options-match.test.ts: the schema's keys). */
export function options(command: Command, kit: OptionKit): Command {
  const { t, inCwd } = kit;
  return teamOptions(kit, command).option("--out-dir <dir>", t("help.teamOutDirRead"), inCwd).option("--delete", t("help.teamDelete"));
}

export const RevokeOptionsSchema = z.object({
  ...ManagementKeyOptions,
  names: z._default(z.array(z.string()), []),
  outDir: z.optional(z.string().check(z.minLength(1))),
  delete: z._default(z.boolean(), false),
});
export type RevokeOptions = z.input<typeof RevokeOptionsSchema>;

export interface RevokedKey {
  hash: string;
  label: string | null;
  action: "disabled" | "deleted" | "already-disabled" | "gone";
}

export interface RevokeResult {
  command: "team revoke";
  delete: boolean;
  members: { name: string; keys: RevokedKey[] }[];
  warnings: Warning[];
}

/** Deletion cannot be undone: asked with "no" as the default; without a terminal only --yes goes ahead. */
async function confirmDelete(ctx: Context, names: string[]): Promise<void> {
  if (ctx.ui.yes) return;
  if (!ctx.ui.interactive) throw usageError("error.confirmNeedsYes", {}, "hint.confirmNeedsYes");
  const { askYesNo } = await import("../../wizard/prompts.js");
  if (!(await askYesNo(ctx, ctx.ui.t("team.confirmDelete", { names: names.join(", ") }), false)))
    throw new CliError({ code: "cancelled", exitCode: ExitCode.cancelled, message: "error.cancelled" });
}

export async function run(ctx: Context, raw: RevokeOptions): Promise<Outcome<RevokeResult>> {
  const options = parseOptions(RevokeOptionsSchema, raw);
  if (options.names.length === 0) throw usageError("error.teamNamesMissing", {}, "hint.teamUnknownMembers");
  const report = new Report(ctx);
  return withKeys(ctx, report, options, async ({ manifest, key, keys, save }) => {
    const targets = memberKeys(options.names, manifest, keys, false);
    if (options.delete)
      await confirmDelete(
        ctx,
        targets.map((t) => t.name),
      );
    const members: RevokeResult["members"] = [];
    for (const target of targets) {
      const done: RevokedKey[] = [];
      for (const k of target.keys) {
        let action: RevokedKey["action"];
        try {
          if (options.delete) {
            await report.step("step.teamDelete", () => deleteKey(ctx, key, k.hash), { name: target.name });
            action = "deleted";
          } else if (k.disabled) {
            action = "already-disabled";
          } else {
            await report.step("step.teamDisable", () => updateKey(ctx, key, k.hash, { disabled: true }), { hash: k.hash.slice(0, 12) });
            action = "disabled";
          }
        } catch (error) {
          if (!isKeyGone(error)) throw error;
          action = "gone";
        }
        done.push({ hash: k.hash, label: k.label, action });
      }
      if (target.keys.length === 0) report.warn("team.key-gone", "warn.teamKeyGone", { name: target.name });
      if (target.entry) {
        target.entry.status = options.delete ? "deleted" : "revoked";
        await save();
      }
      members.push({ name: target.name, keys: done });
    }
    return { exitCode: ExitCode.ok, result: { command: "team revoke", delete: options.delete, members, warnings: report.warnings } };
  });
}

export function render(ctx: Context, outcome: Outcome<RevokeResult>): void {
  const t = ctx.ui.t;
  const s = style(ctx);
  const rows = outcome.result.members.flatMap((m) =>
    m.keys.map((k) => [m.name, k.label ?? k.hash.slice(0, 12), t(`team.revoked.${k.action}`)]),
  );
  const lines = [`${s.symbols.ok} ${t(plural(outcome.result.delete ? "team.deleteDone" : "team.revokeDone", rows.length))}`];
  // Too wide: long names are cut first, then the key's label (a masked key's end tells keys apart).
  const fit = {
    width: outputWidth(ctx),
    shrink: [
      [0, 12],
      [1, 16],
      [0, 8],
      [1, 0],
    ] as [number, number][],
  };
  if (rows.length > 0) lines.push("", columns(ctx, [t("team.col.member"), t("team.col.key"), t("team.col.result")], rows, "  ", fit));
  ctx.streams.stdout.write(`${wrapHuman(lines.join("\n"), outputWidth(ctx))}\n`);
}
