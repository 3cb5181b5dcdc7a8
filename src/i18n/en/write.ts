// The write path shared by setup, revert and doctor --fix: the plan, the lock, failures, revert's records.
export const writeMessages = {
  "plan.createDir": "create directory",
  "plan.repairedTolerant": "(not strict JSON: comments and trailing commas removed, every value kept; the original stays in the backup)",
  "plan.dropped": "dropped: {items}",
  "plan.diffTooLarge":
    "({removed} lines replaced by {added}: too many differences to show line by line; the file before stays in the backup)",
  "plan.applyHint": "To apply this plan, run the same command without --dry-run.",
  "action.mode": "set permissions {mode} on",
  "error.writeFailedUnchanged": "Writing {path} failed: {reason}; no file was changed.",
  "lock.waiting": "Waiting for another run of claude-desktop-openrouter (PID {pid}, holding the lock for {age} s): {path}",
  "error.revertNoRecord": "{path} is missing or does not parse, and no backup set shows what setup changed here; nothing was reverted.",
  "hint.revertNoRecord":
    "Restore a whole backup set with `npx claude-desktop-openrouter revert --backup <id>` (sets: {sets}; details with `revert --list`).",
  "warn.revertEntryKept":
    "Kept {path}: it was edited after setup wrote it. The entry applied before is applied again; `{command}` removes it anyway.",
  "warn.revertFromBackups": "state.json was missing or did not parse: what to restore was taken from the backup sets.",
  "revert.nothingButKept": "Nothing to revert; the OpenRouter entry stays because it was edited after setup.",
  "revert.doneKept": "Reverted: the configuration applied before is back; the edited OpenRouter entry was kept.",
  "revert.purged.one": "Deleted {count} backup set: no copy of the API key is left in the tool's state directory.",
  "revert.purged.other": "Deleted {count} backup sets: no copy of the API key is left in the tool's state directory.",
  "revert.purgeDry.one": "{count} backup set would be deleted.",
  "revert.purgeDry.other": "{count} backup sets would be deleted.",
  "error.purgeWithBackup": "--purge-backups cannot be combined with --backup or --list.",
  "error.doctorFixOnly": "--dry-run, --restart, --no-restart and --force-quit only apply with --fix.",
  "doctor.fix.setupForeign":
    "Another tool's entry is applied: `{cmd} setup` adds the OpenRouter entry and applies it (that entry stays as it is).",
  "help.revertForce": "also remove the OpenRouter entry when it was edited after setup",
  "help.purgeBackups": "after a successful revert, delete every backup set (they hold copies of the key)",
} as const;
