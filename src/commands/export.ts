// `export`: the settings setup writes, as a file for device management (docs/it-rollout.md):
// a .mobileconfig, a .reg (or its removal twin), or the Linux managed-settings.json.
import { dirname, extname } from "node:path";
import * as z from "zod/mini";
import type { Context } from "../core/context.js";
import { CliError, usageError } from "../core/errors.js";
import { ExitCode } from "../core/exit-codes.js";
import { Report, type Warning } from "../render/report.js";
import { resolveKey } from "../config/api-key.js";
import { atomicWrite } from "../core/atomic-write.js";
import { isDirectory } from "../core/paths.js";
import { OWNED_KEYS, type ModelEntry } from "../config/entry.js";
import { parseEgress, type EgressChoice } from "../config/egress.js";
import { buildReg } from "../export/encode.js";
import { KEY_PLACEHOLDER } from "../export/lint.js";
import { entryFromOptions, pinnedModels } from "../config/entry-extras.js";
import { getKeyInfo, getModels } from "../openrouter/api.js";
import type { ModelInfo } from "../openrouter/models.js";
import { outputWidth, style, table, wrapHuman } from "../render/style.js";
import { keyVerdict } from "../openrouter/key-verdict.js";
import { parseModelsOption } from "../config/model-choice.js";
import type { Outcome } from "./types.js";
import { parseOptions } from "./options.js";
import { buildExportFile, checkProfileOptions, DEFAULT_IDENTIFIER, EXPORT_FORMATS, hiveFor, type ExportFormat } from "../export/file.js";
import type { Command } from "commander";
import { entryOptions, examples, formatOption, type OptionKit, scopeOption } from "./option-groups.js";

const EXPORT_EXAMPLES = [
  'npx claude-desktop-openrouter export --out claude.mobileconfig --organization "Example Corp" --identifier com.example.claude',
  "npx claude-desktop-openrouter export --out claude.reg --key-placeholder",
  "npx claude-desktop-openrouter export --out claude-remove.reg --remove",
  "npx claude-desktop-openrouter export --format json --out managed-settings.json --api-key-file key.txt",
];

/** export's options in commander's tree (test/unit/options-match.test.ts: the schema's keys). */
export function options(command: Command, kit: OptionKit): Command {
  const { t, inCwd } = kit;
  return entryOptions(kit, command)
    .addOption(formatOption(kit, "help.exportFormat"))
    .option("--out <file>", t("help.exportOut"), (value: string) => (value === "-" ? value : inCwd(value)))
    .addOption(scopeOption(kit))
    .option("--identifier <reverse-dns>", t("help.exportIdentifier"))
    .option("--organization <name>", t("help.exportOrganization"))
    .option("--key-placeholder", t("help.exportKeyPlaceholder"))
    .option("--remove", t("help.exportRemove"))
    .option("--skip-key-check", t("help.skipKeyCheck"))
    .option("--no-gateway-only", t("help.exportNoGatewayOnly"))
    .option("--force", t("help.exportForce"))
    .addHelpText("after", examples(t, EXPORT_EXAMPLES));
}

export const ExportOptionsSchema = z.object({
  format: z.optional(z.enum(EXPORT_FORMATS)),
  out: z.optional(z.string().check(z.minLength(1))),
  scope: z._default(z.enum(["machine", "user"]), "machine"),
  identifier: z.optional(z.string().check(z.trim())),
  organization: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
  apiKeyFile: z.optional(z.string()),
  apiKey: z.optional(z.string()),
  models: z.optional(z.string()),
  discoverModels: z._default(z.boolean(), false),
  egress: z._default(z.array(z.string()), []),
  keyPlaceholder: z._default(z.boolean(), false),
  remove: z._default(z.boolean(), false),
  skipKeyCheck: z._default(z.boolean(), false),
  pricing: z._default(z.boolean(), true),
  attribution: z._default(z.boolean(), true),
  /** A fleet stays on the gateway unless told otherwise: the Claude.ai sign-in is hidden. */
  gatewayOnly: z._default(z.boolean(), true),
  force: z._default(z.boolean(), false),
});
export type ExportOptions = z.input<typeof ExportOptionsSchema>;

export interface ExportResult {
  command: "export";
  format: ExportFormat;
  scope: "machine" | "user";
  /** The file written, or "-" for stdout. */
  out: string;
  remove: boolean;
  /** The file holds a real API key (written owner-only). */
  containsKey: boolean;
  placeholder: boolean;
  identifier: string | null;
  /** Names of the keys the file sets (or, with --remove, deletes). Never values. */
  keys: string[];
  models: ModelEntry[] | null;
  egress: EgressChoice | null;
  bytes: number;
  warnings: Warning[];
}

function formatFromOut(out: string | undefined): ExportFormat | undefined {
  if (!out || out === "-") return undefined;
  const ext = extname(out).toLowerCase();
  return ext === ".mobileconfig" ? "mobileconfig" : ext === ".reg" ? "reg" : ext === ".json" ? "json" : undefined;
}

function checkOptions(options: z.output<typeof ExportOptionsSchema>, ctx: Context): ExportFormat {
  if (!options.out) throw usageError("error.exportOutMissing", {}, "hint.exportOut");
  const fromOut = formatFromOut(options.out);
  const format = options.format ?? fromOut;
  if (!format) throw usageError("error.exportFormatMissing", { out: options.out }, "hint.exportFormat");
  if (options.format && fromOut && options.format !== fromOut)
    throw usageError("error.exportFormatMismatch", { format: options.format, out: options.out }, "hint.exportFormat");
  if (options.out === "-" && ctx.ui.json) throw usageError("error.exportStdoutJson", {}, "hint.exportOut");
  checkProfileOptions(format, options);
  if (options.remove && format === "mobileconfig") throw usageError("error.exportRemoveMobileconfig", {}, "hint.exportRemoveMobileconfig");
  if (options.remove && format === "json") throw usageError("error.exportRemoveJson", {}, "hint.exportRemoveJson");
  if (options.keyPlaceholder && (options.apiKey !== undefined || options.apiKeyFile !== undefined))
    throw usageError("error.exportPlaceholderAndKey");
  if (options.models !== undefined && options.discoverModels) throw usageError("error.modelsAndDiscover");
  return format;
}

/**
 * Where the file goes may be written: nothing there, or a regular file the user agreed to replace
 * (--force, or yes at a prompt). A symbolic link is never written through, a directory or a
 * device never replaced.
 */
async function checkDestination(ctx: Context, out: string, force: boolean): Promise<void> {
  if (out === "-") return;
  let stats: Awaited<ReturnType<Context["fs"]["lstat"]>>;
  try {
    stats = await ctx.fs.lstat(out);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw writeFailed(out, error);
    // A new file goes into a folder that exists: export never creates folders (a typo in the path
    // would otherwise become a tree of them).
    const dir = dirname(out);
    if (!(await isDirectory(ctx, dir))) throw usageError("error.exportOutDirMissing", { path: out, dir }, "hint.exportOutDirMissing");
    return;
  }
  if (stats.isSymbolicLink()) throw usageError("error.exportOutSymlink", { path: out }, "hint.exportOutSymlink");
  if (!stats.isFile()) throw usageError("error.exportOutNotFile", { path: out }, "hint.exportOutNotFile");
  if (force) return;
  if (ctx.ui.interactive) {
    const { askYesNo } = await import("../wizard/prompts.js");
    if (await askYesNo(ctx, ctx.ui.t("prompt.exportOverwrite", { path: out }), false)) return;
    throw new CliError({ code: "cancelled", exitCode: ExitCode.cancelled, message: "error.cancelled" });
  }
  throw usageError("error.exportOutExists", { path: out }, "hint.exportOutExists");
}

function writeFailed(path: string, error: unknown): CliError {
  return new CliError({
    code: "export.write-failed",
    message: "error.exportWriteFailed",
    params: { path, reason: (error as NodeJS.ErrnoException).code ?? String(error) },
    hint: "hint.exportWriteFailed",
    cause: error,
  });
}

async function emit(ctx: Context, out: string, data: Buffer, secret: boolean): Promise<void> {
  if (out === "-") {
    const stdout = ctx.streams.rawStdout ?? ctx.streams.stdout;
    // A key printed to a terminal stays in its scrollback: only a pipe or a redirect gets it.
    if (secret && stdout.isTTY) throw usageError("error.exportKeyToTerminal", {}, "hint.exportKeyToTerminal");
    // A redirect (`> file`) makes a file with the shell's umask, often readable by others: said, with the way to an owner-only file.
    if (secret) ctx.streams.stderr.write(`${style(ctx).symbols.warn} ${ctx.ui.t("warn.exportKeyOnStdout")}\n`);
    stdout.write(ctx.streams.rawStdout ? data : data.toString("utf8"));
    return;
  }
  try {
    await atomicWrite(ctx, out, data, secret ? 0o600 : 0o644);
  } catch (error) {
    throw writeFailed(out, error);
  }
}

export async function run(ctx: Context, raw: ExportOptions): Promise<Outcome<ExportResult>> {
  const options = parseOptions(ExportOptionsSchema, raw);
  const format = checkOptions(options, ctx);
  const out = options.out as string;
  const t = ctx.ui.t;
  const report = new Report(ctx);
  const hive = hiveFor(options.scope);
  const result: ExportResult = {
    command: "export",
    format,
    scope: options.scope,
    out,
    remove: options.remove,
    containsKey: false,
    placeholder: false,
    identifier: format === "mobileconfig" ? (options.identifier ?? DEFAULT_IDENTIFIER) : null,
    keys: [],
    models: null,
    egress: null,
    bytes: 0,
    warnings: report.warnings,
  };

  await checkDestination(ctx, out, options.force);

  if (options.remove) {
    // Only .reg has a removal form; the others were refused in checkOptions.
    const data = buildReg({ hive, comments: [t("export.regRemoveComment")], remove: OWNED_KEYS });
    await emit(ctx, out, data, false);
    return { exitCode: ExitCode.ok, result: { ...result, keys: [...OWNED_KEYS], bytes: data.length } };
  }

  const modelIds = parseModelsOption(options.models);
  const egress = parseEgress(options.egress, ctx.ui.t);
  if (egress.allowAll && !ctx.ui.yes) throw usageError("error.egressAllNeedsYes", {}, "hint.egressAllNeedsYes");

  let key: string;
  if (options.keyPlaceholder) {
    key = KEY_PLACEHOLDER;
  } else {
    key = (await resolveKey(ctx, report, options)).key;
    if (!options.skipKeyCheck) keyVerdict(ctx, await report.step("step.checkKey", () => getKeyInfo(ctx, key)), report);
  }
  let catalogue: ModelInfo[] | null = null;
  // Like setup: the list is fetched unless offline (--skip-key-check) or discovery was chosen.
  if (!options.skipKeyCheck && !options.discoverModels) catalogue = await report.step("step.fetchModels", () => getModels(ctx));
  if (options.skipKeyCheck && !options.keyPlaceholder) report.warn("key.not-checked", "warn.keyNotChecked");
  const chosen = pinnedModels(report, {
    ids: modelIds,
    catalogue,
    discover: options.discoverModels,
    offlineHint: "hint.exportModelsNeeded",
  });
  const settings = entryFromOptions(ctx, report, {
    apiKey: key,
    models: chosen,
    catalogue,
    egress,
    pricing: options.pricing,
    attribution: options.attribution,
    gatewayOnly: options.gatewayOnly,
  });
  const models = settings.models;

  const { entry, data } = await buildExportFile(ctx, {
    format,
    scope: options.scope,
    identifier: options.identifier,
    organization: options.organization,
    key,
    placeholder: options.keyPlaceholder,
    settings,
    report,
  });

  if (options.keyPlaceholder) report.warn("export.placeholder", "warn.exportPlaceholder", { placeholder: KEY_PLACEHOLDER });
  else report.warn("export.key-in-file", "warn.exportKeyInFile");
  if (format === "reg" && options.scope === "user") report.warn("export.hkcu", "warn.exportHkcu");
  await emit(ctx, out, data, !options.keyPlaceholder);
  return {
    exitCode: ExitCode.ok,
    result: {
      ...result,
      containsKey: !options.keyPlaceholder,
      placeholder: options.keyPlaceholder,
      keys: Object.keys(entry),
      models,
      egress,
      bytes: data.length,
    },
  };
}

export function render(ctx: Context, outcome: Outcome<ExportResult>): void {
  const r = outcome.result;
  const t = ctx.ui.t;
  const s = style(ctx);
  // With --out - the file itself is on stdout: the summary goes to stderr.
  const stream = r.out === "-" ? ctx.streams.stderr : ctx.streams.stdout;
  const lines: string[] = [];
  lines.push(
    `${s.symbols.ok} ${r.out === "-" ? t("export.doneStdout", { format: r.format }) : t("export.done", { path: r.out, format: r.format })}`,
  );
  const rows: [string, string][] = [[t(r.remove ? "label.exportRemoves" : "label.exportKeys"), r.keys.join(", ")]];
  if (!r.remove) {
    rows.push([
      t("label.scope"),
      r.format === "json"
        ? "/etc/claude-desktop/managed-settings.json"
        : r.format === "reg"
          ? `${hiveFor(r.scope)}\\SOFTWARE\\Policies\\Claude`
          : t(r.scope === "user" ? "value.payloadScope.user" : "value.payloadScope.system"),
    ]);
    rows.push([t("label.models"), r.models ? r.models.map((m) => m.name).join(", ") : t("value.discovery")]);
    rows.push([t("label.egress"), r.egress && r.egress.hosts.length > 0 ? r.egress.hosts.join(", ") : t("value.none")]);
    if (r.identifier) rows.push([t("label.identifier"), r.identifier]);
  }
  const width = outputWidth(ctx);
  lines.push(table(rows, "  ", 0, width), "");
  if (!r.remove) lines.push(s.warn(t("export.takesOver")));
  lines.push(t(r.remove ? "export.deployRemove" : `export.deploy.${r.format}`));
  stream.write(`${wrapHuman(lines.join("\n"), width)}\n`);
}
