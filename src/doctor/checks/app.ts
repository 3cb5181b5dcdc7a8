// app.installed, app.running, app.log
import { readMainLog, runningApp } from "../adapters.js";
import type { Check } from "../types.js";
import { CMD, fail, ok, skip, warn } from "../helpers.js";

export const appInstalled: Check = {
  id: "app.installed",
  title: "doctor.title.app.installed",
  async run(ctx, shared) {
    const apps = await shared.apps();
    const app = apps[0];
    if (!app) return warn(ctx.ui.t("doctor.app.notFound"), ctx.ui.t("doctor.fix.installApp"), { apps: [] });
    const kind = ctx.ui.t(`doctor.appKind.${app.kind}`);
    const detail = app.version
      ? ctx.ui.t("doctor.app.found", { path: app.path, version: app.version, kind })
      : ctx.ui.t("doctor.app.foundNoVersion", { path: app.path, kind });
    return ok(detail, {
      apps: apps.map((a) => ({ path: a.path, version: a.version, kind: a.kind })),
    });
  },
};

export const appRunning: Check = {
  id: "app.running",
  title: "doctor.title.app.running",
  dependsOn: ["app.installed"],
  async run(ctx, shared) {
    const running = await runningApp(ctx, await shared.apps());
    if (running && "unchecked" in running)
      return warn(ctx.ui.t("doctor.app.couldNotCheck", { tool: running.unchecked }), ctx.ui.t("doctor.fix.couldNotCheck"), {
        running: null,
      });
    if (running === null) return ok(ctx.ui.t("doctor.app.notRunning"), { running: false });
    const data = { running: true, pid: running.pid, startedAt: running.startedAt?.toISOString() ?? null };
    // Files changed after the app started are not in effect until it restarts.
    if (running.startedAt) {
      const files = [(await shared.applied())?.path, (await shared.primary()).metaPath].filter((p): p is string => Boolean(p));
      for (const file of files) {
        try {
          const mtime = (await ctx.fs.stat(file)).mtime;
          if (mtime > running.startedAt)
            return warn(
              ctx.ui.t("doctor.app.restartNeeded", { pid: running.pid, path: file }),
              ctx.ui.t("doctor.fix.restart", { cmd: CMD }),
              data,
            );
        } catch {
          // Missing files are config.library's business.
        }
      }
    }
    return ok(ctx.ui.t("doctor.app.running", { pid: running.pid }), data);
  },
};

export const appLog: Check = {
  id: "app.log",
  title: "doctor.title.app.log",
  async run(ctx, shared) {
    const log = await readMainLog(ctx, await shared.targets());
    if (log === null) return skip(ctx.ui.t("doctor.log.none"));
    const data = { ...log };
    if (log.invalid)
      return fail(
        ctx.ui.t("doctor.log.invalid", { field: log.invalid.field, message: log.invalid.message }),
        ctx.ui.t("doctor.fix.invalidConfig", { cmd: CMD, field: log.invalid.field }),
        data,
      );
    if (log.managedDetected) return fail(ctx.ui.t("doctor.log.managed"), ctx.ui.t("doctor.fix.managed", { cmd: CMD }), data);
    if (log.ignoredKeys.length > 0)
      return warn(ctx.ui.t("doctor.log.ignored", { keys: log.ignoredKeys.join(", ") }), ctx.ui.t("doctor.fix.ignoredKeys"), data);
    if (!log.active) return warn(ctx.ui.t("doctor.log.notActive", { path: log.path }), ctx.ui.t("doctor.fix.restart", { cmd: CMD }), data);
    return ok(ctx.ui.t("doctor.log.active", { host: log.apiHost ?? "?" }), data);
  },
};
