// Managed (MDM) configuration on this machine.
export const managedMessages = {
  "managedReason.tool-missing": "{tool} is missing",
  "managedReason.tool-failed": "{tool} failed or timed out",
  "managedReason.systemTool": "the system tool to read it",
  "managedReason.not-parsable": "it does not parse",
  "managedReason.symlink": "it is a symbolic link",
  "managedReason.not-a-file": "it is not a regular file",
  "managedReason.owner": "it is not owned by root",
  "managedReason.mode": "it is writable by group or others",
  "managedReason.dir-symlink": "its directory is a symbolic link or not a directory",
  "managedReason.dir-owner": "its directory is not owned by root",
  "managedReason.dir-mode": "its directory is writable by group or others",
  "managedReason.cannot-read": "it cannot be read",
  "managedReason.hidden-by-hklm": "ignored: HKLM holds policy values, so HKCU is not read",
  "managedState.none": "none",
  "managedState.notChecked": "not checked ({why})",
  "managedState.update-keys-only": "update keys only (local settings still apply)",
  "managedState.bootstrap": "bootstrap deployment (local settings are ignored)",
  "managedState.takeover": "takes over (local settings are ignored)",
  "managedState.unreadable": "present but unusable (local settings are disabled too)",
  "managedStatus.ok": "read",
  "managedStatus.unreadable": "unusable",
  "managedStatus.could-not-check": "could not check",
  "managedStatus.ignored": "ignored",
  "error.managedTakeover":
    "A managed (MDM) configuration overrides Claude Desktop's local settings: {sources}. Anything written locally would be ignored, so nothing was changed.",
  "error.managedBootstrap":
    "Claude Desktop is set up for a bootstrap deployment ({sources}): it takes its settings from your organisation's server, so local settings would be ignored. Nothing was changed.",
  "error.managedUnreadable":
    "{path} is present but Claude Desktop will not use it ({reason}); while it is there, local settings are disabled too. Nothing was changed.",
  "hint.managed":
    "Ask whoever manages this device to change or remove that configuration. For IT: `npx claude-desktop-openrouter export` writes the same settings as a .mobileconfig, .reg or managed JSON file.",
  "hint.managedUnreadable":
    "Fix it (sudo chown root:root {path} && sudo chmod 644 {path}, directory root-owned and 755) or remove it, then relaunch Claude Desktop. IT can produce the file with `npx claude-desktop-openrouter export --format json`.",
  "warn.managedCouldNotCheck":
    "Could not check {location} for managed configuration ({reason}); if your organisation manages this device, its settings may override these.",
  "warn.managedUpdateKeysOnly":
    "A managed configuration sets only update keys: {sources}. Local settings still apply on current Claude Desktop builds (installed: {version}); some older builds locked the whole configuration, so update Claude Desktop if the settings do not show up.",
} as const;
