// export: MDM files for IT.
export const exportMessages = {
  "export.regComment":
    "Claude Desktop on OpenRouter (third-party Gateway mode), made by claude-desktop-openrouter. Values sit directly under the key as REG_SZ.",
  "export.regRemoveComment": "Removes the Claude Desktop OpenRouter settings written by claude-desktop-openrouter.",
  "export.profileName": "Claude Desktop – OpenRouter",
  "export.profileDescription":
    "Configures Claude Desktop to use OpenRouter through its third-party Gateway mode (made by claude-desktop-openrouter).",
  "export.settingsName": "Claude Desktop settings",
  "export.done": "Wrote {path} ({format}).",
  "export.doneStdout": "Wrote the {format} file to stdout.",
  "export.takesOver":
    "Once deployed, these settings take over Claude Desktop on the device: local settings are ignored and the in-app configuration window is read-only.",
  "export.deploy.mobileconfig":
    "Upload it to your MDM (Jamf Pro, Kandji, Mosyle, …) as a custom configuration profile, or install it by double-click for a test. To remove: unassign the profile.",
  "export.deploy.reg":
    "Import it as administrator (reg import <file>) or deploy it through Group Policy or an Intune script. To remove: export again with --remove and import that file.",
  "export.deploy.json":
    "Install it as /etc/claude-desktop/managed-settings.json, owner root:root, mode 0644, in a root-owned 0755 directory. To remove: delete the file.",
  "export.deployRemove":
    "Import it as administrator (reg import <file>) or deploy it like the original file, then relaunch Claude Desktop.",
  "error.exportOutMissing": "export needs --out <file> (or --out - for stdout).",
  "error.exportFormatMissing": 'Cannot tell the format from "{out}".',
  "error.exportFormatMismatch": '--format {format} does not match the file name "{out}".',
  "error.exportStdoutJson": "--json and --out - both need stdout.",
  "error.exportJsonUserScope": "Linux has no per-user managed settings: the json format is machine-wide only.",
  "error.exportIdentifier": '"{identifier}" is not a reverse-DNS identifier.',
  "error.exportRemoveMobileconfig": "There is no removal profile for macOS: a configuration profile is removed, not countered.",
  "error.exportRemoveJson": "The Linux managed file is removed by deleting it; there is no removal JSON.",
  "error.exportPlaceholderAndKey": "--key-placeholder writes no key: drop --api-key and --api-key-file.",
  "error.exportKeyToTerminal": "The export holds the API key and stdout is a terminal: it would stay in the scrollback.",
  "error.exportLintPlaceholder": "{key} still holds the placeholder REPLACE_ME.",
  "error.exportLintBaseUrl": 'The base URL "{url}" must be https, without /v1 and without a trailing slash, for a fleet export.',
  "hint.exportModelsNeeded": "Pass --models <id,…> or --discover-models together with --skip-key-check.",
  "hint.exportOut": "For example --out claude.mobileconfig, --out claude.reg or --format json --out -.",
  "hint.exportFormat": "Pass --format mobileconfig, reg or json, or use a .mobileconfig, .reg or .json file name.",
  "hint.exportJsonUserScope": "Drop --scope user for --format json.",
  "hint.exportIdentifier": "Use something like com.example.claude-desktop (letters, digits, hyphens, at least one dot).",
  "hint.exportRemoveMobileconfig":
    "Unassign or delete the profile in your MDM (Jamf, Kandji, …), or remove it in System Settings → General → Device Management. Keep --identifier stable so a new profile replaces the old one.",
  "hint.exportRemoveJson":
    "Run sudo rm /etc/claude-desktop/managed-settings.json (for example from your configuration management) and relaunch Claude Desktop.",
  "hint.exportKeyToTerminal": "Write it to a file with --out <file>, pipe or redirect stdout, or use --key-placeholder.",
  "hint.exportLint": "Nothing was written. Fix the value and export again (or use --key-placeholder for a template).",
  "warn.exportPlaceholder":
    "!!! THE FILE HOLDS THE PLACEHOLDER {placeholder} INSTEAD OF A KEY. Replace it with a real OpenRouter key before deploying, or Claude Desktop will fail to connect on every device. !!!",
  "warn.exportKeyInFile":
    "The file holds the API key in clear text, and once deployed every local user of a device can read it; prefer one key per device or team, with a spending cap.",
  "warn.exportHkcu": "HKCU policy is ignored on any device where HKLM\\SOFTWARE\\Policies\\Claude holds a value.",
  "value.payloadScope.user": "User",
  "value.payloadScope.system": "System",
  "warn.exportKeyOnStdout":
    "This output holds the API key: a file the shell creates for it (with >) may be readable by other users of this computer. Use --out <file> instead: that file is owner-only.",
} as const;
