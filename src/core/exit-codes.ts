/** Exit codes shared by every command (docs/json.md#exit-codes). */
export const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
  keyRejected: 3,
  appNotFound: 4,
  managed: 5,
  quitTimeout: 6,
  /** A defect of ours, not of the input or the machine (sysexits' EX_SOFTWARE). */
  internal: 70,
  cancelled: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
