/** Exit codes shared by every command (docs/json.md#exit-codes). */
export const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
  keyRejected: 3,
  appNotFound: 4,
  managed: 5,
  quitTimeout: 6,
  cancelled: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
