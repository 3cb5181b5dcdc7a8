// Config files, the lock, backups and the write transaction.
export const filesMessages = {
  "error.configUnparsable": "{path} does not parse: {problem}. It was not changed.",
  "error.configUnreadable": "Cannot read {path}: {reason}.",
  "error.notAFile": "Cannot use {path}: {reason}.",
  "error.configChanged": "{path} changed while the plan was being made; nothing was written.",
  "error.lockBusy": "Another run of claude-desktop-openrouter (PID {pid}) still holds the lock ({path}) after {seconds} s.",
  "error.stateUnwritable": "Cannot write to the tool's state directory {path}: {reason}; nothing was changed.",
  "error.foreignOwner":
    "{path} belongs to user {owner}; this run (user {uid}) could not leave what it writes to them, so nothing was written.",
  "error.homeMissing": "The home folder {home} does not exist; the tool does not create a home, so nothing was written.",
  "error.homeUnusable": "Cannot use the home folder {home}: {reason}.",
  "error.writeFailed.one": "Writing {path} failed: {reason}; the file already written was put back as it was.",
  "error.writeFailed.other": "Writing {path} failed: {reason}; the {count} files already written were put back as they were.",
  "error.rollbackFailed": "Writing {path} failed: {reason}; putting back {files} failed too.",
  "error.backupNotFound": "No backup set with id {id}.",
  "error.backupCorrupt": "Backup set {id} is damaged: the copy of {path} does not match its recorded hash.",
  "hint.configUnparsable":
    "Fix the file by hand, or run again with --repair: it reads comments and trailing commas and keeps every value (the original stays in a backup set).",
  "hint.configUnreadable": "Check the file's permissions and owner.",
  "hint.fileTooLarge": "A real configuration is far smaller: check that this is the right file (the limits are in docs/safety.md).",
  "hint.notAFile": "Move it out of the way and run again.",
  "hint.configChanged": "Quit Claude Desktop and run the command again.",
  "hint.lockBusy": "Wait for it to finish. If none is running, delete the lock file.",
  "hint.stateUnwritable": "Check that directory's permissions, owner and free space (it holds the lock and the backups).",
  "hint.foreignOwner":
    "Run the command as that user, or as root for them (sudo with their HOME): then every file it writes stays theirs (docs/safety.md).",
  "hint.homeMissing":
    "Check HOME (on Windows USERPROFILE): it must name an existing folder, the home of the user whose Claude Desktop this is.",
  "hint.writeFailed": "Check permissions and free space. The prior files are also kept in {backup}.",
  "hint.rollbackFailed": "Restore with `npx claude-desktop-openrouter revert --backup <id>`; the files are in {backup}.",
  "hint.backupList": "List them with `npx claude-desktop-openrouter revert --list`.",
  "hint.backupCorrupt": "Choose another set from `revert --list`.",
} as const;
