// config.deployment-mode, config.permissions
import { dirname } from "node:path";
import { ENTRY_ID } from "../../config/entry.js";
import type { JsonObject } from "../../config/json-file.js";
import { platformModule } from "../../platform/index.js";
import type { Check, FixAction } from "../types.js";
import { CMD, fail, ok, skip, warn } from "../helpers.js";
import { fileProblem } from "./config-library.js";
import { plural } from "../../i18n/phrase.js";

/** An applied entry the app can run on in gateway mode: the provider and a base URL set. */
function usableGateway(settings: JsonObject | undefined): boolean {
  const url = settings?.inferenceGatewayBaseUrl;
  return settings?.inferenceProvider === "gateway" && typeof url === "string" && url.trim() !== "";
}

export const configDeploymentMode: Check = {
  id: "config.deployment-mode",
  title: "doctor.title.config.deployment-mode",
  async run(ctx, shared) {
    const files = await shared.rootConfigs();
    const data = {
      files: files.map((f) => ({
        path: f.path,
        role: f.role,
        deploymentMode: f.state.status === "ok" ? (f.state.value.deploymentMode ?? null) : null,
        status: f.state.status,
      })),
    };
    const wrong: string[] = [];
    const broken: string[] = [];
    const repairs: FixAction[] = [];
    for (const f of files) {
      if (f.state.status === "missing" && !f.createIfMissing) continue;
      const problem = fileProblem(ctx, f.path, f.state);
      if (problem) {
        broken.push(problem);
        continue;
      }
      const mode = f.state.status === "ok" ? f.state.value.deploymentMode : undefined;
      if (mode === "3p") continue;
      wrong.push(`${f.path} (${mode === undefined ? ctx.ui.t("value.unset") : JSON.stringify(mode)})`);
      repairs.push({ kind: "root-config", path: f.path, from: mode ?? null });
    }
    if (broken.length > 0)
      return fail(ctx.ui.t("doctor.mode.broken", { problems: broken.join("; ") }), ctx.ui.t("doctor.fix.repair", { cmd: CMD }), data);
    // "3p" with no usable gateway entry applied would leave the app in 3P mode with nothing to run on.
    if (wrong.length > 0 && !usableGateway((await shared.applied().catch(() => null))?.settings))
      return fail(ctx.ui.t("doctor.mode.wrong", { paths: wrong.join("; ") }), ctx.ui.t("doctor.fix.setup", { cmd: CMD }), data);
    if (wrong.length > 0)
      return fail(
        ctx.ui.t("doctor.mode.wrong", { paths: wrong.join("; ") }),
        ctx.ui.t("doctor.fix.deploymentMode", { cmd: CMD }),
        data,
        repairs,
      );
    return ok(ctx.ui.t(plural("doctor.mode.ok", data.files.filter((f) => f.status === "ok").length)), data);
  },
};

export const configPermissions: Check = {
  id: "config.permissions",
  title: "doctor.title.config.permissions",
  dependsOn: ["config.library"],
  async run(ctx, shared) {
    if (!platformModule(ctx.platform).posixModes) return skip(ctx.ui.t("doctor.skip.posixOnly"));
    const lib = await shared.primary();
    const targets: { path: string; want: number; isDir: boolean; secret: boolean }[] = [
      { path: dirname(lib.metaPath), want: 0o700, isDir: true, secret: false },
      { path: lib.metaPath, want: 0o600, isDir: false, secret: false },
    ];
    if (lib.entryPath) targets.push({ path: lib.entryPath, want: 0o600, isDir: false, secret: true });
    // Another tool's entry is reported, never changed: --fix only tightens this tool's own files.
    const ours = lib.appliedId === ENTRY_ID;
    const loose: { path: string; mode: number; secret: boolean }[] = [];
    const repairs: FixAction[] = [];
    for (const t of targets) {
      let mode: number;
      try {
        mode = (await ctx.fs.stat(t.path)).mode & 0o777;
      } catch {
        continue;
      }
      if ((mode & 0o077) === 0) continue;
      loose.push({ path: t.path, mode, secret: t.secret });
      if (ours || t.path !== lib.entryPath) repairs.push({ kind: "chmod", path: t.path, mode: t.want, isDir: t.isDir });
    }
    const modes = loose.map((l) => ({ path: l.path, mode: l.mode.toString(8).padStart(3, "0") }));
    if (loose.length === 0) return ok(ctx.ui.t("doctor.perms.ok"), { loose: [] });
    const text = modes.map((m) => `${m.path} (${m.mode})`).join("; ");
    // --fix repairs what it may; another tool's entry gets the command to run by hand.
    const foreign = loose.find((l) => l.path === lib.entryPath && !ours);
    const fix = [
      ...(repairs.length > 0 ? [ctx.ui.t("doctor.fix.permissions", { cmd: CMD })] : []),
      ...(foreign ? [ctx.ui.t("doctor.fix.permissionsForeign", { path: foreign.path })] : []),
    ].join(" ");
    // The entry holds the key in plain text: readable by other users is an error.
    if (loose.some((l) => l.secret && (l.mode & 0o004) !== 0))
      return fail(ctx.ui.t("doctor.perms.keyReadable", { paths: text }), fix, { loose: modes }, repairs);
    return warn(ctx.ui.t("doctor.perms.loose", { paths: text }), fix, { loose: modes }, repairs);
  },
};
