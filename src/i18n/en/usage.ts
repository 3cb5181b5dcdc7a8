// Command-line usage errors and internal failures.
export const usageMessages = {
  "error.badOptions": "Invalid options: {detail}",
  "error.missingValue": "Option {option} needs a value.",
  "error.langInvalid": 'Unknown language "{lang}": use en or zh-CN.',
  "error.baseUrlInvalid": '"{url}" is not a valid base URL.',
  "error.baseUrlScheme": '"{url}" must use https (http only on 127.0.0.1, localhost or [::1]).',
  "error.baseUrlV1": '"{url}" ends with /v1: Claude Desktop adds /v1/messages itself, so requests would go to /v1/v1/messages.',
  "error.confirmNeedsYes": "Writing needs a confirmation, and no terminal is attached to ask.",
  "error.cancelled": "Cancelled: nothing was written.",
  "error.internal": "Unexpected error: {detail}",
  "hint.help": "Run with --help to see the commands and options.",
  "hint.baseUrl": "Use https://openrouter.ai/api (no /v1, no trailing slash).",
  "hint.confirmNeedsYes": "Add --yes to write without asking, or --dry-run to only see the plan.",
  "hint.internal": "Run again with --verbose and report it; no file was left half-written.",
} as const;
