// The doctor's view of the app lifecycle modules, reduced to the few facts its checks need.
import type { Context } from "../core/context.js";
import type { ResolvedTargets } from "../config/targets.js";
import type { AppInstall } from "../platform/types.js";

export interface RunningApp {
  pid: number;
  /** When the main process started (to compare with the config files' modification times). */
  startedAt: Date | null;
  executable: string;
}

/**
 * null: not running. { unchecked } : the process list could not be read (a missing system tool).
 */
export async function runningApp(ctx: Context, apps: AppInstall[]): Promise<RunningApp | null | { unchecked: string }> {
  const { lifecycleModule, probeRunningApp } = await import("../lifecycle/index.js");
  const probe = await probeRunningApp(ctx, apps);
  if (!probe.checked) return { unchecked: probe.tool ?? probe.detail ?? "?" };
  if (!probe.running) return null;
  const pid = probe.running.pids[0] ?? 0;
  return { pid, startedAt: await lifecycleModule(ctx).startedAt(ctx, pid), executable: probe.running.executable };
}

export interface MainLogFindings {
  path: string;
  /** `[custom-3p] 3P mode active` seen after the newest start. */
  active: boolean;
  apiHost: string | null;
  /** `Invalid custom3p enterprise config: <field>: <message>` */
  invalid: { field: string; message: string } | null;
  /** Keys named by `Ignoring local configuration value "<key>"`. */
  ignoredKeys: string[];
  /** `Managed MDM config detected`. */
  managedDetected: boolean;
}

/** null: no main.log found. */
export async function readMainLog(ctx: Context, targets: ResolvedTargets): Promise<MainLogFindings | null> {
  const { readAppLog } = await import("../lifecycle/index.js");
  const log = await readAppLog(ctx, targets);
  if (!log) return null;
  return {
    path: log.path,
    active: log.status === "active",
    apiHost: log.apiHost,
    invalid: log.status === "invalid" ? log.invalid : null,
    ignoredKeys: log.ignoredKeys,
    managedDetected: log.status === "managed",
  };
}
