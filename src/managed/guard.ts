// What commands do with a ManagedReport: setup and revert stop (exit 5) when the local library
// would be ignored; show and doctor describe it. Key names only, never values.
import type { Context } from "../core/context.js";
import { CliError } from "../core/errors.js";
import { ExitCode } from "../core/exit-codes.js";
import type { Report } from "../core/report.js";
import type { MessageKey } from "../i18n/catalogue.js";
import { detectManaged } from "./detect.js";
import { blocksLocal, type ManagedReport, type ManagedSource } from "./types.js";

/** "HKLM\SOFTWARE\Policies\Claude (inferenceProvider, inferenceGatewayApiKey)". */
export function describeSource(ctx: Context, source: ManagedSource): string {
  if (source.keys.length > 0) return `${source.location} (${source.keys.join(", ")})`;
  if (source.reason) return `${source.location} (${ctx.ui.t(`managedReason.${source.reason}` as MessageKey)})`;
  return source.location;
}

/** The sources the app actually uses (not the ignored or unchecked ones). */
function effective(report: ManagedReport): ManagedSource[] {
  return report.sources.filter((s) => s.status === "ok" || s.status === "unreadable");
}

/** Warnings for a report that does not block: unchecked sources, update-keys-only. */
export function managedWarnings(ctx: Context, report: Report, managed: ManagedReport, appVersion: string | null): void {
  for (const source of managed.sources.filter((s) => s.status === "could-not-check")) {
    report.warn("managed.could-not-check", "warn.managedCouldNotCheck", {
      location: source.location,
      reason: ctx.ui.t(`managedReason.${source.reason ?? "tool-failed"}` as MessageKey),
    });
  }
  if (managed.classification === "update-keys-only") {
    report.warn("managed.update-keys-only", "warn.managedUpdateKeysOnly", {
      sources: effective(managed)
        .map((s) => describeSource(ctx, s))
        .join("; "),
      version: appVersion ?? ctx.ui.t("value.unknown"),
    });
  }
}

/** The CliError that stops setup and revert (exit 5), naming the sources and key names. */
export function managedError(ctx: Context, managed: ManagedReport): CliError {
  const sources = effective(managed)
    .map((s) => describeSource(ctx, s))
    .join("; ");
  if (managed.classification === "unreadable") {
    const bad = managed.sources.find((s) => s.status === "unreadable");
    return new CliError({
      code: "managed.unreadable",
      exitCode: ExitCode.managed,
      message: "error.managedUnreadable",
      params: { path: bad?.location ?? "", reason: ctx.ui.t(`managedReason.${bad?.reason ?? "cannot-read"}` as MessageKey) },
      hint: "hint.managedUnreadable",
      hintParams: { path: bad?.location ?? "" },
    });
  }
  return new CliError({
    code: managed.classification === "bootstrap" ? "managed.bootstrap" : "managed.takeover",
    exitCode: ExitCode.managed,
    message: managed.classification === "bootstrap" ? "error.managedBootstrap" : "error.managedTakeover",
    params: { sources, keys: managed.keys.join(", ") },
    hint: "hint.managed",
  });
}

/**
 * Step 2 of setup (docs/commands.md#setup-default), also run by revert: detect managed configuration and stop
 * with exit 5 when it would override the local settings; warn otherwise.
 */
export async function guardManaged(ctx: Context, report: Report, appVersion: string | null = null): Promise<ManagedReport> {
  const managed = await detectManaged(ctx);
  if (blocksLocal(managed.classification)) throw managedError(ctx, managed);
  managedWarnings(ctx, report, managed, appVersion);
  return managed;
}

/** Lines for `show`: the classification, then one line per source. */
export function renderManaged(ctx: Context, managed: ManagedReport): string[] {
  const t = ctx.ui.t;
  const lines = [t("show.managed", { state: t(`managedState.${managed.classification}` as MessageKey) })];
  for (const source of managed.sources) {
    lines.push(
      `  ${source.location}  ${t(`managedStatus.${source.status}` as MessageKey)}${source.keys.length > 0 ? `: ${source.keys.join(", ")}` : ""}${source.reason ? ` (${t(`managedReason.${source.reason}` as MessageKey)})` : ""}`,
    );
    if (source.unreadKeys?.length) lines.push(`    ${t("show.managedUnreadKeys", { keys: source.unreadKeys.join(", ") })}`);
    if (source.invisibleKeys?.length) lines.push(`    ${t("show.managedInvisibleKeys", { keys: source.invisibleKeys.join(", ") })}`);
  }
  return lines;
}

export interface PolicyCheck {
  id: "managed.policy";
  status: "ok" | "warn" | "error";
  detail: string;
  fix?: string;
  data: ManagedReport;
}

/** The doctor check `managed.policy` (docs/commands.md#checks), ready for the doctor command to list. */
export async function managedPolicyCheck(ctx: Context): Promise<PolicyCheck> {
  const managed = await detectManaged(ctx);
  const t = ctx.ui.t;
  const detail = t(`managedState.${managed.classification}` as MessageKey);
  if (blocksLocal(managed.classification)) {
    const error = managedError(ctx, managed);
    return {
      id: "managed.policy",
      status: "error",
      detail: t(error.messageKey, error.params),
      fix: error.hintKey ? t(error.hintKey, error.hintParams) : "",
      data: managed,
    };
  }
  if (managed.classification === "update-keys-only" || managed.couldNotCheck) {
    const where = managed.sources
      .filter((s) => s.status !== "ignored")
      .map((s) => describeSource(ctx, s))
      .join("; ");
    return { id: "managed.policy", status: "warn", detail: `${detail}: ${where}`, data: managed };
  }
  return { id: "managed.policy", status: "ok", detail, data: managed };
}
