// status.
export const statusMessages = {
  "status.missing": "missing",
  "status.source.file": "--api-key-file",
  "status.source.stdin": "--api-key-file - (stdin)",
  "status.source.flag": "--api-key",
  "status.source.env": "OPENROUTER_API_KEY",
  "status.source.prompt": "prompt",
  "status.source.config": "Claude Desktop's applied configuration",
  "error.statusKeyMissing": "No key to check: the applied configuration has none and no key was given.",
} as const;
