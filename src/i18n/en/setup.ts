// setup: its plan, summary and warnings.
export const setupMessages = {
  "setup.found": "Found",
  "setup.dryRunDone.one": "Dry run: {count} file would change. Nothing was written.",
  "setup.dryRunDone.other": "Dry run: {count} files would change. Nothing was written.",
  "setup.noChanges": "Already set up: nothing to change.",
  "setup.done": 'Claude Desktop is set up for OpenRouter (entry "{name}").',
  "setup.nextNoApp":
    'Next: install Claude Desktop; it uses these settings from its first start (choose "Continue with Gateway" on the sign-in screen if it appears).',
  "setup.nextSteps":
    'Next: fully quit Claude Desktop (menu bar or tray → Quit) and open it again. On the sign-in screen choose "Continue with Gateway" if it appears.',
  "setup.revertHint": "To undo: {command}",
  "error.egressInvalid": '"{host}" is not an egress host Claude Desktop accepts: {reason}.',
  "error.egressAllNeedsYes": 'Egress "all" turns the network sandbox off and needs an explicit confirmation.',
  "hint.egressInvalid":
    "Use host[:port] or *.host[:port] with at least one dot, without scheme or path (e.g. github.com,*.github.com), or dev, none, all.",
  "hint.egressAllNeedsYes": "Add --yes to confirm, or use --egress dev or a list of hosts.",
  "warn.appNotFound": "Claude Desktop was not found on this machine; the settings will apply once it is installed.",
  "warn.egressAll": 'Egress "*" turns Claude Desktop\'s network sandbox off: tools may reach any host.',
} as const;
