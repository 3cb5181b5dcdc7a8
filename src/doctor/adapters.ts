// The seams to modules other issues deliver. Until they land each adapter answers "not available"
// and its check reports `skip` with the reason; the lead wires them after merging.
//
// - runningApp   ← issue 4 (app process discovery)
// - readMainLog  ← issue 4 (main.log reading)
// - managedSources ← issue 6 (managed-policy detection)
import type { Context } from "../core/context.js";

export interface RunningApp {
  pid: number;
  /** When the main process started (to compare with the config files' modification times). */
  startedAt: Date | null;
  executable: string;
}

/** undefined: discovery is not available in this build. null: not running. */
export async function runningApp(_ctx: Context): Promise<RunningApp | null | undefined> {
  return undefined;
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

/** undefined: log reading is not available in this build. null: no main.log found. */
export async function readMainLog(_ctx: Context): Promise<MainLogFindings | null | undefined> {
  return undefined;
}

export interface ManagedSource {
  /** e.g. "/Library/Managed Preferences/com.anthropic.claudefordesktop.plist" or "HKLM\\SOFTWARE\\Policies\\Claude". */
  source: string;
  /** Key names only, never values. */
  keys: string[];
}

/** undefined: detection is not available in this build. [] : no managed source. */
export async function managedSources(_ctx: Context): Promise<ManagedSource[] | undefined> {
  return undefined;
}

/** Keys a managed source may set without taking over local settings (claude-desktop.md §7.8). */
export const UPDATE_KEYS = new Set(["disableAutoUpdates", "autoUpdaterEnforcementHours", "updateViaUpdatesHost"]);
