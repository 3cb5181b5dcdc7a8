// `show`: the effective configuration as the app will see it (docs/commands.md#show). Reads only.
import type { Context } from "../core/context.js";
import { ExitCode } from "../core/exit-codes.js";
import { resolveTargets } from "../config/targets.js";
import { JsonReads } from "../config/json-reads.js";
import { listBackups } from "../core/backups.js";
import { detectManaged } from "../managed/detect.js";
import { renderManaged } from "../managed/guard.js";
import type { ManagedReport } from "../managed/types.js";
import {
  appliedFeatures,
  firstApplied,
  type FileStatus,
  type FileTrouble,
  inspectLibrary,
  inspectRootConfig,
  type LibraryView,
  type RootConfigView,
} from "../config/inspect.js";
import { problemPhrase } from "../config/parse-problem.js";
import { osReason } from "../core/os-error.js";
import { commandPrefix } from "../platform/next-command.js";
import { plural } from "../i18n/phrase.js";
import { featureRows, type FeatureFacts } from "../render/features.js";
import type { AppInstall } from "../platform/types.js";
import { displayWidth, outputWidth, style, table, wrapText } from "../render/style.js";
import { settingsLines, valueText } from "../render/entry-settings.js";
import type { Outcome } from "./types.js";
import { appLabel, dirLabel, platformName } from "../render/figures.js";
import { isDirectory } from "../core/paths.js";
import { type AppliedEntry, resolveAppliedKey, type KeySourceKind } from "../config/applied-key.js";
import { maskKey } from "../openrouter/key.js";
import { readState, signInRecordIn, type ToolState } from "../config/state.js";
import { keySource, keyStore } from "../keychain/index.js";
import type { Command } from "commander";

export interface ShowResult {
  command: "show";
  platform: string;
  apps: AppInstall[];
  configDirs: (LibraryView & { exists: boolean })[];
  /** What the applied entry turns on besides the connection; null when none is applied. */
  features: FeatureFacts | null;
  rootConfigs: RootConfigView[];
  stateDir: string;
  backups: { id: string; createdAt: string; command: string; files: number }[];
  managed: ManagedReport;
  /**
   * The applied entry's key as the app gets it, masked: from the entry, from our OS store item,
   * or from a credential helper; null when no OpenRouter entry is applied.
   */
  key: {
    source: KeySourceKind;
    masked: string | null;
    helper: string | null;
    problem: string | null;
    /** The key's name on https://openrouter.ai/settings/keys when sign-in created it here. */
    signInLabel?: string | null;
  } | null;
}

/** The key of the applied entry, read as every command reads it, for people (masked). */
async function keyView(ctx: Context, applied: AppliedEntry | null, state: ToolState): Promise<ShowResult["key"]> {
  if (!applied) return null;
  const owner = await resolveAppliedKey(ctx, applied);
  if (owner.status === "ours") {
    const signIn = signInRecordIn(state, owner.key);
    return {
      source: owner.source,
      masked: maskKey(owner.key),
      helper: owner.helper ?? null,
      problem: null,
      signInLabel: signIn?.label ?? null,
    };
  }
  if (owner.status !== "unreadable") return null;
  const { code, detail } = owner.problem;
  const problem = ctx.ui.t(`doctor.helper.${code}`, { detail, helper: owner.helper, store: ctx.ui.t(keyStore(ctx).name) });
  return { source: owner.source, masked: null, helper: owner.helper, problem };
}

/** show takes no option of its own (test/unit/options-match.test.ts). */
export function options(command: Command): Command {
  return command;
}

export async function run(ctx: Context): Promise<Outcome<ShowResult>> {
  // Each file read once: state.json finds the directories, dates the entry's prices and names its sign-in key.
  const reads = new JsonReads(ctx);
  const targets = await resolveTargets(ctx, reads);
  const { state } = await readState(ctx, targets.stateDir, reads);
  const configDirs = [];
  for (const dir of targets.dataDirs) {
    configDirs.push({ ...(await inspectLibrary(ctx, dir)), exists: await isDirectory(ctx, dir.path) });
  }
  const rootConfigs = [];
  for (const file of targets.rootConfigs) rootConfigs.push(await inspectRootConfig(ctx, file));
  const applied = await firstApplied(ctx, targets.dataDirs);
  const backups = (await listBackups(ctx, targets.stateDir)).map((b) => ({
    id: b.id,
    createdAt: b.createdAt,
    command: b.command,
    files: b.files.length,
  }));
  return {
    exitCode: ExitCode.ok,
    result: {
      command: "show",
      platform: ctx.platform,
      apps: await targets.platform.findApps(ctx),
      configDirs,
      rootConfigs,
      stateDir: targets.stateDir,
      backups,
      managed: await detectManaged(ctx),
      features: appliedFeatures(applied, state),
      key: await keyView(ctx, applied, state),
    },
  };
}

function keyText(ctx: Context, key: NonNullable<ShowResult["key"]>): string {
  if (key.masked === null) return style(ctx).warn(key.problem ?? "");
  const named = key.signInLabel ? `, ${style(ctx).dim(ctx.ui.t("value.signInKey", { label: key.signInLabel }))}` : "";
  return `${key.masked} (${keySource(ctx, key)})${named}`;
}

/** "does not parse: …", "cannot be read: it is a folder, not a file", "missing"; "" when the file is fine. */
function troubleText(ctx: Context, file: { status: FileStatus } & FileTrouble): string {
  const t = ctx.ui.t;
  if (file.status === "unparsable" && file.problem) return t("show.unparsable", { problem: problemPhrase(file.problem) });
  if (file.status === "unreadable") return t("show.unreadable", { reason: osReason(file.reason ?? "") });
  return file.status === "missing" ? t("status.missing") : "";
}

/** The next step when nothing of ours is applied: set up (or replace another tool's entry). */
function nextStep(ctx: Context, r: ShowResult): string | null {
  const applied = r.configDirs.map((dir) => dir.applied).filter((entry) => entry !== null);
  if (applied.some((entry) => entry.ours)) return null;
  return ctx.ui.t(applied.length === 0 ? "show.nextSetup" : "show.nextOther", { command: commandPrefix(ctx) });
}

export function render(ctx: Context, outcome: Outcome<ShowResult>): void {
  const r = outcome.result;
  const t = ctx.ui.t;
  const s = style(ctx);
  const width = outputWidth(ctx);
  // One label column for the page; the blocks between (settings, root configs, backups) align within themselves.
  const rows: [string, string][] = [
    [t("label.platform"), platformName(r.platform)],
    [t("label.app"), r.apps.length > 0 ? r.apps.map(appLabel).join("; ") : s.warn(t("value.appNotFound"))],
  ];
  const blocks: { after: number; lines: string[] }[] = [];
  for (const dir of r.configDirs) {
    if (!dir.exists) {
      rows.push([t("label.configDir"), `${dirLabel(ctx, dir)}  ${s.dim(`(${t("show.dirMissing")})`)}`]);
      continue;
    }
    rows.push([t("label.configDir"), dirLabel(ctx, dir)]);
    const metaTrouble = troubleText(ctx, dir.meta);
    rows.push([`  ${t("label.meta")}`, metaTrouble ? `${dir.meta.path}  ${s.warn(metaTrouble)}` : dir.meta.path]);
    rows.push([
      `  ${t("label.entries")}`,
      dir.entries.length > 0
        ? dir.entries
            .map((e) => `${e.name || e.id}${e.id === dir.appliedId ? ` [${t("show.applied")}]` : ""}${e.ours ? " *" : ""}`)
            .join(", ")
        : t("value.none"),
    ]);
    if (!dir.applied) continue;
    const name = dir.applied.name ?? dir.applied.id;
    if (dir.applied.settings) {
      rows.push([`  ${t("show.appliedEntry")}`, `"${name}" (${dir.applied.id})`]);
      blocks.push({ after: rows.length, lines: settingsLines(ctx, dir.applied.settings, "    ", width) });
    } else {
      rows.push([`  ${t("show.appliedEntry")}`, `"${name}" ${dir.applied.path}  ${s.warn(troubleText(ctx, dir.applied))}`]);
    }
  }
  if (r.key) {
    blocks.push({ after: rows.length, lines: [""] });
    rows.push([t("label.key"), keyText(ctx, r.key)]);
  }
  if (r.features) {
    blocks.push({ after: rows.length, lines: [""] });
    rows.push(...featureRows(ctx, r.features));
  }
  const labelWidth = Math.max(...rows.map(([label]) => displayWidth(label)));
  const out: string[] = [];
  let from = 0;
  for (const block of [...blocks, { after: rows.length, lines: [] }]) {
    if (block.after > from) out.push(table(rows.slice(from, block.after), "", labelWidth, width));
    out.push(...block.lines);
    from = block.after;
  }
  out.push("", ...renderManaged(ctx, r.managed).map((line) => wrapText(line, width)));
  out.push("", s.bold(t("show.rootConfigs")));
  const roots = r.rootConfigs.map((c): [string, string] => [
    c.path,
    c.status === "ok"
      ? `deploymentMode: ${c.deploymentMode === null ? t("value.unset") : valueText(c.deploymentMode)}`
      : troubleText(ctx, c),
  ]);
  const rootsTable = table(roots);
  // Paths too long for one row with their value: each path (broken after a "/"), its value under it.
  if (rootsTable.split("\n").every((line) => displayWidth(line) <= width)) out.push(rootsTable);
  else for (const [path, value] of roots) out.push(wrapText(path, width, { first: "  " }), wrapText(value, width, { first: "      " }));
  out.push("", s.bold(t("show.backups", { count: r.backups.length })));
  if (r.backups.length > 0)
    out.push(
      table(
        r.backups.slice(0, 5).map((b): [string, string] => [b.id, `${b.command}, ${t(plural("count.files", b.files))}`]),
        "  ",
        0,
        width,
      ),
    );
  const next = nextStep(ctx, r);
  if (next) out.push("", wrapText(next, width));
  ctx.streams.stdout.write(`${out.join("\n")}\n`);
}
