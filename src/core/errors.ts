import type { MessageKey, MessageParams } from "../i18n/catalogue.js";
import type { ErrorCode } from "./error-codes.js";
import { ExitCode, type ExitCodeValue } from "./exit-codes.js";

type Params = MessageParams;

/**
 * A failure the user can act on: a stable code (part of the JSON interface), an exit code,
 * and catalogue keys for the message and the hint. Rendered once, at the top.
 */
export class CliError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: ExitCodeValue;
  readonly messageKey: MessageKey;
  readonly params: Params;
  readonly hintKey: MessageKey | undefined;
  readonly hintParams: Params;

  constructor(options: {
    code: ErrorCode;
    exitCode?: ExitCodeValue;
    message: MessageKey;
    params?: Params;
    hint?: MessageKey;
    hintParams?: Params;
    cause?: unknown;
  }) {
    super(options.code, { cause: options.cause });
    this.name = "CliError";
    this.code = options.code;
    this.exitCode = options.exitCode ?? ExitCode.failed;
    this.messageKey = options.message;
    this.params = options.params ?? {};
    this.hintKey = options.hint;
    this.hintParams = options.hintParams ?? options.params ?? {};
  }
}

/** A usage error (exit 2); without a more specific hint it points to --help. */
export function usageError(message: MessageKey, params: Params = {}, hint: MessageKey = "hint.help"): CliError {
  return new CliError({ code: "usage", exitCode: ExitCode.usage, message, params, hint });
}

export function isCliError(error: unknown): error is CliError {
  return error instanceof CliError;
}
