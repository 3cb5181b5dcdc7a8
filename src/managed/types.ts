// Managed (MDM) configuration: what was found, and what it means for the local library
// (docs/claude-desktop.md#managed-configuration). Key NAMES only: values may hold keys or tokens and are never read out.

/** The only keys a managed source may set without taking over (docs/claude-desktop.md#configuration-sources). */
export const UPDATE_KEYS: readonly string[] = ["disableAutoUpdates", "autoUpdaterEnforcementHours", "updateViaUpdatesHost"];
/** Keys that make a bootstrap deployment: a server response becomes the configuration (docs/claude-desktop.md#configuration-sources). */
export const BOOTSTRAP_KEYS: readonly string[] = ["bootstrapUrl", "bootstrapEnabled", "bootstrapOidc"];

export type ManagedSourceKind = "macos-user-plist" | "macos-machine-plist" | "windows-hklm" | "windows-hkcu" | "linux-managed-json";

/** The system tool each kind of source is read with (a missing one leaves the source unchecked). */
export const SOURCE_TOOL: Record<ManagedSourceKind, string | null> = {
  "macos-user-plist": "plutil",
  "macos-machine-plist": "plutil",
  "windows-hklm": "reg.exe",
  "windows-hkcu": "reg.exe",
  "linux-managed-json": null,
};

/**
 * ok: read, its key names listed. unreadable: present but the app cannot use it (Linux: that
 * also disables local settings). could-not-check: the system tool was missing or failed.
 * ignored: present but not read by the app (HKCU while HKLM holds any value).
 */
export type ManagedSourceStatus = "ok" | "unreadable" | "could-not-check" | "ignored";

export type ManagedReason =
  | "tool-missing"
  | "tool-failed"
  | "not-parsable"
  | "symlink"
  | "not-a-file"
  | "owner"
  | "mode"
  | "dir-symlink"
  | "dir-owner"
  | "dir-mode"
  | "cannot-read"
  | "hidden-by-hklm";

export interface ManagedSource {
  kind: ManagedSourceKind;
  /** A file path, or a registry key such as HKLM\SOFTWARE\Policies\Claude. */
  location: string;
  status: ManagedSourceStatus;
  /** Key names the app reads from this source. */
  keys: string[];
  reason?: ManagedReason;
  /** Windows: REG_EXPAND_SZ names: they count as "policy present" but the app does not read them. */
  unreadKeys?: string[];
  /** Windows: values of types the app never sees (REG_QWORD, REG_MULTI_SZ, REG_BINARY, …). */
  invisibleKeys?: string[];
}

export type ManagedClassification = "none" | "update-keys-only" | "bootstrap" | "takeover" | "unreadable";

export interface ManagedReport {
  platform: "darwin" | "win32" | "linux";
  /** Every source present (or that could not be checked), highest precedence first. */
  sources: ManagedSource[];
  /** Key names of the sources the app uses, without duplicates. */
  keys: string[];
  classification: ManagedClassification;
  /** A source could not be checked (missing tool, timeout): the result may be incomplete. */
  couldNotCheck: boolean;
}

/** True when the local library would be ignored: setup and revert stop (exit 5). */
export function blocksLocal(classification: ManagedClassification): boolean {
  return classification === "takeover" || classification === "bootstrap" || classification === "unreadable";
}

/** Classifies what the app will do with the sources it reads (docs/claude-desktop.md#how-the-tool-classifies-it). */
export function classify(sources: ManagedSource[]): Pick<ManagedReport, "keys" | "classification" | "couldNotCheck"> {
  const keys: string[] = [];
  for (const source of sources) {
    if (source.status !== "ok") continue;
    for (const key of source.keys) if (!keys.includes(key)) keys.push(key);
  }
  const couldNotCheck = sources.some((s) => s.status === "could-not-check");
  let classification: ManagedClassification;
  if (sources.some((s) => s.status === "unreadable" && s.kind === "linux-managed-json")) classification = "unreadable";
  else if (keys.some((k) => BOOTSTRAP_KEYS.includes(k))) classification = "bootstrap";
  else if (keys.some((k) => !UPDATE_KEYS.includes(k))) classification = "takeover";
  else if (keys.length > 0) classification = "update-keys-only";
  else classification = "none";
  return { keys, classification, couldNotCheck };
}
