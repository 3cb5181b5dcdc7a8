// revert.
export const revertMessages = {
  "revert.noBackups": "No backup sets yet.",
  "revert.nothing": "Nothing to revert: the OpenRouter entry is not set up here.",
  "revert.backupNothing": "Every file already matches that backup set.",
  "revert.dryRunDone.one": "Dry run: {count} file would change. Nothing was written.",
  "revert.dryRunDone.other": "Dry run: {count} files would change. Nothing was written.",
  "revert.doneNothingBefore":
    "Reverted: the OpenRouter entry is removed; no configuration was applied before setup, so none is applied now.",
  "revert.done": "Reverted: the configuration applied before is back.",
  "revert.restored": "Restored backup set {id}.",
  "revert.nextSteps": "Fully quit Claude Desktop and open it again for the change to take effect.",
  "error.listAndBackup": "--list and --backup cannot be used together.",
} as const;
