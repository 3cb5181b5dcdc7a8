// `status`: what OpenRouter says about the key in use (from the key options, else the applied
// configuration entry when it is OpenRouter's, else OPENROUTER_API_KEY), plus the account balance
// when the key may read it (docs/commands.md#status). Reads only; the key itself is never printed,
// and another gateway's key is never sent.
import * as z from "zod/mini";
import type { Context } from "../core/context.js";
import { CliError } from "../core/errors.js";
import { ExitCode } from "../core/exit-codes.js";
import { Report, type Warning } from "../render/report.js";
import { resolveKey, type KeySource } from "../config/api-key.js";
import { resolveTargets } from "../config/targets.js";
import { JsonReads } from "../config/json-reads.js";
import { resolveAppliedKey, type AppliedKey, type KeySourceKind } from "../config/applied-key.js";
import { appliedFeatures, firstApplied } from "../config/inspect.js";
import { featureRows, type FeatureFacts } from "../render/features.js";
import { readCredits, getKeyInfo, type CreditsStatus, type KeyInfo } from "../openrouter/api.js";
import { readState, signInRecordIn } from "../config/state.js";
import { isExpired, maskKey } from "../openrouter/key.js";
import { keyMoneyWarnings } from "../openrouter/key-verdict.js";
import { day, keyInfoRows, usd } from "../render/figures.js";
import { outputWidth, style, table } from "../render/style.js";
import type { Outcome } from "./types.js";
import { parseOptions } from "./options.js";
import { keyError, keySource } from "../keychain/index.js";
import type { Command } from "commander";
import { keyOptions, type OptionKit } from "./option-groups.js";

/** status' options in commander's tree (test/unit/options-match.test.ts: the schema's keys). */
export function options(command: Command, kit: OptionKit): Command {
  return keyOptions(kit, command);
}

export const StatusOptionsSchema = z.object({ apiKeyFile: z.optional(z.string()), apiKey: z.optional(z.string()) });
export type StatusOptions = z.input<typeof StatusOptionsSchema>;

export interface StatusResult {
  command: "status";
  source: KeySource | "config";
  /** With source "config": where the applied entry gets its key (the entry, our keychain item, a helper). */
  storage: KeySourceKind | null;
  /** signInLabel: the name on https://openrouter.ai/settings/keys of a key sign-in created here; null otherwise. */
  key: KeyInfo & { masked: string; expired: boolean; signInLabel: string | null };
  credits: CreditsStatus;
  /** What Claude Desktop's applied entry turns on besides the connection; null when none is applied. */
  features: FeatureFacts | null;
  warnings: Warning[];
}

export async function run(ctx: Context, raw: StatusOptions): Promise<Outcome<StatusResult>> {
  const options = parseOptions(StatusOptionsSchema, raw);
  const report = new Report(ctx);
  let key: string;
  let source: StatusResult["source"];
  let storage: KeySourceKind | null = null;
  // Each file read once: state.json finds the directories, dates the entry's prices and names its sign-in key.
  const reads = new JsonReads(ctx);
  const targets = await resolveTargets(ctx, reads);
  const { state } = await readState(ctx, targets.stateDir, reads);
  const fromOptions = options.apiKeyFile !== undefined || options.apiKey !== undefined;
  const applied = await firstApplied(ctx, targets.dataDirs);
  const fromConfig: AppliedKey | undefined = fromOptions ? undefined : applied ? await resolveAppliedKey(ctx, applied) : { status: "none" };
  if (fromConfig?.status === "ours") {
    key = fromConfig.key;
    source = "config";
    storage = fromConfig.source;
  } else if (fromConfig?.status === "unreadable") {
    // The entry keeps its key in the OS store (or a helper), and it could not be had from there.
    throw keyError(ctx, fromConfig.problem, fromConfig.helper);
  } else {
    if (fromConfig?.status === "foreign") {
      // Another gateway's key is never sent: say so, and use OPENROUTER_API_KEY when there is one.
      const params = { name: fromConfig.name, host: fromConfig.host };
      if (!ctx.env.OPENROUTER_API_KEY)
        throw new CliError({
          code: "key.foreign-entry",
          exitCode: ExitCode.usage,
          message: "error.foreignEntry",
          params,
          hint: "hint.foreignEntry",
        });
      report.warn("key.foreign-entry", "warn.foreignEntry", params);
    } else if (!fromOptions && !ctx.env.OPENROUTER_API_KEY) {
      throw new CliError({ code: "key.missing", exitCode: ExitCode.usage, message: "error.statusKeyMissing", hint: "hint.keyMissing" });
    }
    const resolved = await resolveKey(ctx, report, options);
    key = resolved.key;
    source = resolved.source;
  }

  const info = await report.step("step.checkKey", () => getKeyInfo(ctx, key));
  const credits = await report.step("step.fetchCredits", () => readCredits(ctx, key));

  const now = ctx.clock.now();
  const expired = isExpired(info.expiresAt, now);
  let exitCode: number = ExitCode.ok;
  if (info.isManagementKey) {
    report.warn("key.management", "error.keyManagement");
    exitCode = ExitCode.keyRejected;
  }
  if (expired) {
    report.warn("key.expired", "error.keyExpired", { date: day(info.expiresAt ?? "") });
    exitCode = ExitCode.keyRejected;
  }
  keyMoneyWarnings(ctx, info, report);
  if (credits.available && credits.balance <= 0) report.warn("credits.empty", "warn.balanceEmpty", { balance: usd(credits.balance) });

  return {
    exitCode,
    result: {
      command: "status",
      source,
      storage,
      key: {
        ...info,
        masked: maskKey(key),
        expired,
        signInLabel: source === "config" ? (signInRecordIn(state, key)?.label ?? null) : null,
      },
      credits,
      features: appliedFeatures(applied, state),
      warnings: report.warnings,
    },
  };
}

export function render(ctx: Context, outcome: Outcome<StatusResult>): void {
  const r = outcome.result;
  const t = ctx.ui.t;
  const s = style(ctx);
  const rows = keyInfoRows(ctx, r.key, r.key.masked, ctx.clock.now(), true);
  const kept = r.storage && r.storage !== "entry" ? ` (${keySource(ctx, { source: r.storage })})` : "";
  rows.push([t("label.source"), `${t(`status.source.${r.source}`)}${kept}`]);
  if (r.key.signInLabel) rows.push([t("label.signInKey"), t("value.signInKey", { label: r.key.signInLabel })]);
  const c = r.credits;
  rows.push([
    t("label.balance"),
    c.available
      ? t("value.balance", { balance: usd(c.balance), credits: usd(c.totalCredits), usage: usd(c.totalUsage) })
      : c.reason === "needs-management-key"
        ? s.dim(t("value.needsManagementKey"))
        : s.warn(t("value.balanceError", { message: c.message })),
  ]);
  if (r.features) rows.push(...featureRows(ctx, r.features));
  ctx.streams.stdout.write(`${table(rows, "", 0, outputWidth(ctx))}\n`);
}
