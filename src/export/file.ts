// The device-management file for one key (a .mobileconfig, a .reg or the Linux managed JSON):
// exactly the entry setup writes, linted, then encoded. `export` writes one; `team provision`
// one per member.
import type { Context } from "../core/context.js";
import { CliError, usageError } from "../core/errors.js";
import { ExitCode } from "../core/exit-codes.js";
import type { Report } from "../render/report.js";
import { buildEntry, type EntrySettings } from "../config/entry.js";
import type { JsonObject } from "../config/json-file.js";
import { findingMessage } from "../render/findings.js";
import { buildLinuxJson, buildReg, encodeManagedValues, type RegHive } from "./encode.js";
import { lintExport, lintWarnings } from "./lint.js";

export const EXPORT_FORMATS = ["mobileconfig", "reg", "json"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const DEFAULT_IDENTIFIER = "com.claude-desktop-openrouter.gateway";
const IDENTIFIER_PATTERN = /^[A-Za-z0-9][A-Za-z0-9-]*(\.[A-Za-z0-9][A-Za-z0-9-]*)+$/;

/** Scope and identifier checks shared with `team provision`, which writes the same files. */
export function checkProfileOptions(
  format: ExportFormat,
  options: { scope: string; identifier?: string | undefined; organization?: string | undefined },
): void {
  if (format === "json" && options.scope === "user") throw usageError("error.exportJsonUserScope", {}, "hint.exportJsonUserScope");
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (options.organization !== undefined && /[\u0000-\u001f\u007f]/.test(options.organization))
    throw usageError("error.exportOrganization", { value: JSON.stringify(options.organization) }, "hint.exportOrganization");
  if (options.identifier !== undefined && !IDENTIFIER_PATTERN.test(options.identifier))
    throw usageError("error.exportIdentifier", { identifier: options.identifier }, "hint.exportIdentifier");
}

/** A REG_SZ line cannot hold a line break or a NUL: refused by name (values may be secrets). */
function checkRegValues(values: Record<string, string>): void {
  for (const [key, value] of Object.entries(values)) {
    if (/[\r\n\0]/.test(value)) throw usageError("error.exportRegValue", { key }, "hint.exportRegValue");
  }
}

export interface ExportFileSpec {
  format: ExportFormat;
  scope: "machine" | "user";
  identifier?: string | undefined;
  organization?: string | undefined;
  key: string;
  placeholder: boolean;
  /** Everything the entry holds but the key (models, egress, pricing, attribution, sign-in). */
  settings: Omit<EntrySettings, "apiKey">;
  /** Where values the app would only drop are reported; none: they are not reported. */
  report?: Report;
}

/**
 * The file for one key, exactly as `export` writes it (also used by `team provision`, one file per
 * member): the entry setup writes, linted, then encoded in the format.
 */
export async function buildExportFile(ctx: Context, spec: ExportFileSpec): Promise<{ entry: JsonObject; data: Buffer }> {
  const t = ctx.ui.t;
  // One source of truth: exactly the entry setup writes into a fresh local library.
  const entry = buildEntry(undefined, { ...spec.settings, apiKey: spec.key });
  const now = ctx.clock.now();
  const problems = lintExport(entry, { placeholder: spec.placeholder, now });
  if (problems.length > 0) {
    const first = problems[0]!;
    throw new CliError({
      code: `export.lint.${first.code}`,
      exitCode: ExitCode.usage,
      message: first.message,
      params: first.params,
      hint: "hint.exportLint",
    });
  }
  if (spec.report) {
    for (const finding of lintWarnings(entry, now))
      spec.report.warn(`export.${finding.code}`, "export.appWouldDrop", { detail: findingMessage(ctx, finding) });
  }

  const values = encodeManagedValues(entry);
  let data: Buffer;
  if (spec.format === "mobileconfig") {
    const { buildMobileconfig } = await import("../export/mobileconfig.js");
    data = await buildMobileconfig({
      identifier: spec.identifier ?? DEFAULT_IDENTIFIER,
      organization: spec.organization,
      scope: spec.scope === "user" ? "User" : "System",
      displayName: t("export.profileName"),
      description: t("export.profileDescription"),
      settingsDisplayName: t("export.settingsName"),
      values,
    });
  } else if (spec.format === "reg") {
    checkRegValues(values);
    data = buildReg({ hive: hiveFor(spec.scope), comments: [t("export.regComment")], values });
  } else {
    data = buildLinuxJson(entry);
  }
  return { entry, data };
}

/** The registry hive a .reg export writes for its scope. */
export function hiveFor(scope: string): RegHive {
  return scope === "user" ? "HKEY_CURRENT_USER" : "HKEY_LOCAL_MACHINE";
}
