// show.
export const showMessages = {
  "show.dirMissing": "does not exist",
  "show.applied": "applied",
  "show.appliedEntry": 'Applied entry "{name}" ({id}):',
  "show.rootConfigs": "Root config files:",
  "show.backups": "Backup sets: {count}",
  "show.files": "{count} file(s)",
  "show.managed": "Managed configuration: {state}",
  "show.managedUnreadKeys": "present as REG_EXPAND_SZ (counts as policy, value not read): {keys}",
  "show.managedInvisibleKeys": "of a type Claude Desktop never reads: {keys}",
} as const;
