// `show`: the effective configuration as the app will see it (docs/commands.md#show). Reads only.
import type { Context } from "../core/context.js";
import { ExitCode } from "../core/exit-codes.js";
import { resolveTargets } from "../core/targets.js";
import { listBackups } from "../core/transaction.js";
import { detectManaged } from "../managed/detect.js";
import { renderManaged } from "../managed/guard.js";
import type { ManagedReport } from "../managed/types.js";
import { appliedFeatures, inspectLibrary, inspectRootConfig, type LibraryView, type RootConfigView } from "../config/inspect.js";
import { featureRows, type FeatureFacts } from "../render/features.js";
import type { AppInstall } from "../platform/types.js";
import { style, table } from "../render/style.js";
import type { Outcome } from "./types.js";
import { appLabel, dirLabel } from "../render/figures.js";
import { isDirectory } from "../core/paths.js";
import { firstApplied } from "../config/inspect.js";
import { resolveAppliedKey, type KeySourceKind } from "../config/applied-key.js";
import { maskKey } from "../openrouter/key.js";
import { keySource, keyStore } from "../keychain/index.js";

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
  key: { source: KeySourceKind; masked: string | null; helper: string | null; problem: string | null } | null;
}

/** The key of the applied entry, read as every command reads it, for people (masked). */
async function keyView(ctx: Context, dataDirs: { path: string }[]): Promise<ShowResult["key"]> {
  const applied = await firstApplied(ctx, dataDirs);
  if (!applied) return null;
  const owner = await resolveAppliedKey(ctx, applied);
  if (owner.status === "ours") return { source: owner.source, masked: maskKey(owner.key), helper: owner.helper ?? null, problem: null };
  if (owner.status !== "unreadable") return null;
  const { code, detail } = owner.problem;
  const problem = ctx.ui.t(`doctor.helper.${code}`, { detail, helper: owner.helper, store: ctx.ui.t(keyStore(ctx).name) });
  return { source: owner.source, masked: null, helper: owner.helper, problem };
}

export async function run(ctx: Context): Promise<Outcome<ShowResult>> {
  const targets = await resolveTargets(ctx);
  const configDirs = [];
  for (const dir of targets.dataDirs) {
    configDirs.push({ ...(await inspectLibrary(ctx, dir)), exists: await isDirectory(ctx, dir.path) });
  }
  const rootConfigs = [];
  for (const file of targets.rootConfigs) rootConfigs.push(await inspectRootConfig(ctx, file));
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
      features: await appliedFeatures(ctx, targets.dataDirs, targets.stateDir),
      key: await keyView(ctx, targets.dataDirs),
    },
  };
}

function keyText(ctx: Context, key: NonNullable<ShowResult["key"]>): string {
  if (key.masked === null) return style(ctx).warn(key.problem ?? "");
  return `${key.masked} (${keySource(ctx, key)})`;
}

function valueText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

export function render(ctx: Context, outcome: Outcome<ShowResult>): void {
  const r = outcome.result;
  const t = ctx.ui.t;
  const s = style(ctx);
  const out: string[] = [];
  out.push(
    table(
      [
        [t("label.platform"), r.platform],
        [t("label.app"), r.apps.length > 0 ? r.apps.map(appLabel).join("; ") : s.warn(t("value.appNotFound"))],
      ],
      "",
    ),
  );
  for (const dir of r.configDirs) {
    out.push("", s.bold(`${t("label.configDir")} ${dirLabel(ctx, dir)}`));
    if (!dir.exists) {
      out.push(`  ${s.dim(t("show.dirMissing"))}`);
      continue;
    }
    const rows: [string, string][] = [
      [
        t("label.meta"),
        `${dir.meta.status === "ok" ? "" : `${t(`status.${dir.meta.status}`)} `}${dir.meta.path}${dir.meta.problem ? ` (${dir.meta.problem.line}:${dir.meta.problem.column} ${dir.meta.problem.reason})` : ""}`,
      ],
    ];
    rows.push([
      t("label.entries"),
      dir.entries.length > 0
        ? dir.entries
            .map((e) => `${e.name || e.id}${e.id === dir.appliedId ? ` [${t("show.applied")}]` : ""}${e.ours ? " *" : ""}`)
            .join(", ")
        : t("value.none"),
    ]);
    out.push(table(rows));
    if (dir.applied) {
      out.push(`  ${s.bold(t("show.appliedEntry", { name: dir.applied.name ?? dir.applied.id, id: dir.applied.id }))}`);
      if (dir.applied.settings) {
        out.push(
          table(
            Object.entries(dir.applied.settings).map(([k, v]): [string, string] => [k, valueText(v)]),
            "    ",
          ),
        );
      } else {
        out.push(`    ${s.warn(t(`status.${dir.applied.status}`))} ${dir.applied.path}`);
      }
    }
  }
  if (r.key) out.push("", table([[t("label.key"), keyText(ctx, r.key)]], ""));
  if (r.features) out.push("", table(featureRows(ctx, r.features), ""));
  out.push("", ...renderManaged(ctx, r.managed));
  out.push("", s.bold(t("show.rootConfigs")));
  out.push(
    table(
      r.rootConfigs.map((c): [string, string] => [
        c.path,
        c.status === "ok"
          ? `deploymentMode: ${c.deploymentMode === null ? t("value.unset") : valueText(c.deploymentMode)}`
          : t(`status.${c.status}`),
      ]),
    ),
  );
  out.push("", s.bold(t("show.backups", { count: r.backups.length })));
  if (r.backups.length > 0)
    out.push(table(r.backups.slice(0, 5).map((b): [string, string] => [b.id, `${b.command}, ${t("show.files", { count: b.files })}`])));
  ctx.streams.stdout.write(`${out.join("\n")}\n`);
}
