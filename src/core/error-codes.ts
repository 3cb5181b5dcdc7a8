// Every stable error code (the `code` of `--json`'s error document and of CliError): a closed
// list, so a misspelt code is a compile error. Codes built from a template take their parts from
// the lists below. docs/json.md lists the same codes (a test compares the two).

/** How a request failed: `network.<failure>`. */
export const NETWORK_FAILURES = ["dns", "refused", "reset", "timeout", "tls", "proxy", "other"] as const;
export type NetworkFailure = (typeof NETWORK_FAILURES)[number];

/** What export's lint refused: `export.lint.<problem>`. */
export const LINT_PROBLEMS = ["placeholder", "model", "base-url", "deprecated", "value"] as const;
export type LintProblemCode = (typeof LINT_PROBLEMS)[number];

/** Why the key in the OS secret store, or a credential helper's, could not be had: `keychain.<problem>`. */
export const KEYCHAIN_PROBLEMS = [
  "unavailable",
  "locked",
  "item-missing",
  "file-missing",
  "not-executable",
  "not-owner",
  "writable",
  "timeout",
  "failed",
  "no-token",
] as const;
export type KeychainProblem = (typeof KEYCHAIN_PROBLEMS)[number];

export const ERROR_CODES = [
  "usage",
  "cancelled",
  "internal",
  "key.missing",
  "key.empty",
  "key.whitespace",
  "key.control",
  "key.wrong-kind",
  "key.file-unreadable",
  "key.foreign-entry",
  "key.rejected",
  "key.management",
  "key.expired",
  "config.unparsable",
  "config.unreadable",
  "config.not-a-file",
  "config.changed",
  "managed.takeover",
  "managed.bootstrap",
  "managed.unreadable",
  "app.not-found",
  "app.quit-timeout",
  "lock.busy",
  "state.unwritable",
  "write.foreign-owner",
  "home.missing",
  "home.unusable",
  "files.unwritable",
  "write.failed",
  "write.rollback-failed",
  "backup.not-found",
  "backup.corrupt",
  "revert.no-record",
  ...NETWORK_FAILURES.map((failure) => `network.${failure}` as const),
  "http.status",
  "http.html",
  "http.malformed",
  "models.none",
  ...LINT_PROBLEMS.map((problem) => `export.lint.${problem}` as const),
  "export.write-failed",
  "doctor.failed",
  "login.denied",
  "login.intercepted",
  "login.timeout",
  "login.port",
  "login.code-expired",
  "login.code-invalid",
  "login.method-mismatch",
  "login.exchange-timeout",
  "login.no-code",
  "team.key-missing",
  "team.key-refused",
  "team.guardrail-forbidden",
  "team.runtime-key",
  "team.manifest-unreadable",
  "team.out-dir-unsafe",
  "team.write-failed",
  "team.interrupted",
  ...KEYCHAIN_PROBLEMS.map((problem) => `keychain.${problem}` as const),
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];
