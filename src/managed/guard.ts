// What commands do with a ManagedReport: setup and revert stop (exit 5) when the local library
// would be ignored; show and doctor describe it. Key names only, never values.
import type { Context } from "../core/context.js";
import { CliError } from "../core/errors.js";
import { ExitCode } from "../core/exit-codes.js";
import type { Report } from "../render/report.js";
import { detectManaged } from "./detect.js";
import { blocksLocal, SOURCE_TOOL, type ManagedReason, type ManagedReport, type ManagedSource } from "./types.js";

/** Why a source is unusable or unchecked, naming the system tool that is missing or failed ("reg.exe is missing"). */
function reasonText(ctx: Context, source: ManagedSource, fallback?: ManagedReason): string | null {
  const reason = source.reason ?? fallback;
  if (!reason) return null;
  const tool = SOURCE_TOOL[source.kind];
  return ctx.ui.t(`managedReason.${reason}`, tool ? { tool } : { tool: { key: "managedReason.systemTool" } });
}

/** "HKLM\SOFTWARE\Policies\Claude (inferenceProvider, inferenceGatewayApiKey)". */
export function describeSource(ctx: Context, source: ManagedSource): string {
  if (source.keys.length > 0) return `${source.location} (${source.keys.join(", ")})`;
  const reason = reasonText(ctx, source);
  return reason ? `${source.location} (${reason})` : source.location;
}

/**
 * The classification in words. "none" only when every source was checked: otherwise "not
 * checked" with why (a missing reg.exe), since there may be a policy the tool could not see.
 */
export function managedStateText(ctx: Context, managed: ManagedReport): string {
  if (managed.classification === "none" && managed.couldNotCheck) {
    const why = [
      ...new Set(managed.sources.filter((s) => s.status === "could-not-check").map((s) => reasonText(ctx, s, "tool-failed") ?? "")),
    ];
    return ctx.ui.t("managedState.notChecked", { why: why.join("; ") });
  }
  return ctx.ui.t(`managedState.${managed.classification}`);
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
      reason: reasonText(ctx, source, "tool-failed") ?? "",
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
      params: { path: bad?.location ?? "", reason: (bad && reasonText(ctx, bad, "cannot-read")) ?? ctx.ui.t("managedReason.cannot-read") },
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
  const lines = [t("show.managed", { state: managedStateText(ctx, managed) })];
  for (const source of managed.sources) {
    lines.push(
      `  ${source.location}  ${t(`managedStatus.${source.status}`)}${source.keys.length > 0 ? `: ${source.keys.join(", ")}` : ""}${source.reason ? ` (${reasonText(ctx, source)})` : ""}`,
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
  const detail = managedStateText(ctx, managed);
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
    // "not checked (reg.exe is missing)" already says why: the sources are only named.
    const notChecked = managed.classification === "none";
    const where = managed.sources
      .filter((s) => s.status !== "ignored")
      .map((s) => (notChecked ? s.location : describeSource(ctx, s)))
      .join("; ");
    return { id: "managed.policy", status: "warn", detail: `${detail}: ${where}`, data: managed };
  }
  return { id: "managed.policy", status: "ok", detail, data: managed };
}
