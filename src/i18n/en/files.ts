// Config files, the lock, backups and the write transaction.
export const filesMessages = {
  "error.configUnparsable": "{path} does not parse at line {line}, column {column} ({reason}); it was not changed.",
  "error.configUnreadable": "Cannot read {path} ({reason}).",
  "error.notAFile": "{path} is not a regular file.",
  "error.configChanged": "{path} changed while the plan was being made; nothing was written.",
  "error.lockBusy": "Another run of claude-desktop-openrouter (PID {pid}) still holds the lock ({path}) after {seconds} s.",
  "error.stateUnwritable": "Cannot write to the tool's state directory {path} ({reason}); nothing was changed.",
  "error.writeFailed": "Writing {path} failed ({reason}); every file already written ({count}) was rolled back to its prior content.",
  "error.rollbackFailed": "Writing {path} failed ({reason}) and rolling back {files} failed too.",
  "error.backupNotFound": "No backup set with id {id}.",
  "error.backupCorrupt": "Backup set {id} is damaged: the copy of {path} does not match its recorded hash.",
  "hint.configUnparsable":
    "Fix the file by hand, or run again with --repair: it reads comments and trailing commas and keeps every value (the original stays in a backup set).",
  "hint.configUnreadable": "Check the file's permissions and owner.",
  "hint.notAFile": "Move it out of the way and run again.",
  "hint.configChanged": "Quit Claude Desktop and run the command again.",
  "hint.lockBusy": "Wait for it to finish. If none is running, delete the lock file.",
  "hint.stateUnwritable": "Check that directory's permissions, owner and free space (it holds the lock and the backups).",
  "hint.writeFailed": "Check permissions and free space. The prior files are also kept in {backup}.",
  "hint.rollbackFailed": "Restore with `npx claude-desktop-openrouter revert --backup <id>`; the files are in {backup}.",
  "hint.backupList": "List them with `npx claude-desktop-openrouter revert --list`.",
  "hint.backupCorrupt": "Choose another set from `revert --list`.",
} as const;
