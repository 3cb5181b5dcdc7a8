// A credential helper run the way Claude Desktop runs it: no arguments, CLAUDE_HELPER_CONTEXT set,
// within its timeout, exit 0 required, a bare token or {"token": "…"} on stdout (trimmed). Before
// it runs, the file is checked as Claude Code checks it: a helper others can write is refused.
import type { Context } from "../core/context.js";
import type { KeychainProblem } from "../core/error-codes.js";
import { osReason } from "../core/os-error.js";
import { platformModule } from "../platform/index.js";
import { HELPER_TIMEOUT_MAX } from "../config/app-rules.js";
import { keyStore } from "./store.js";
import { firstLine } from "./shared.js";
import { HELPER_EXIT } from "./types.js";

/** The app's default wait for a helper, in seconds. */
export const HELPER_TIMEOUT_DEFAULT_SEC = 60;

export type HelperProblemCode = KeychainProblem;

/** The fix for each problem (doctor.fix.helper.<fix>). */
export const HELPER_FIX = {
  "file-missing": "setup",
  "not-executable": "chmod",
  "not-owner": "setup",
  writable: "chmod",
  timeout: "timeout",
  "item-missing": "setup",
  locked: "locked",
  unavailable: "unavailable",
  failed: "run",
  "no-token": "run",
} as const satisfies Record<HelperProblemCode, string>;

export interface HelperProblem {
  code: HelperProblemCode;
  /** What the helper or the file said (one line, never the token). */
  detail: string;
}

export type HelperRun = { ok: true; token: string } | { ok: false; problem: HelperProblem };

/** The token in a helper's output: the trimmed text, or the "token" of a JSON object; null when there is none. */
export function helperToken(stdout: string): string | null {
  const text = stdout.trim();
  if (!text.startsWith("{")) return text === "" ? null : text;
  try {
    const value = JSON.parse(text) as { token?: unknown };
    return typeof value.token === "string" && value.token.trim() !== "" ? value.token.trim() : null;
  } catch {
    return null;
  }
}

/** The helper's timeout from the entry (1–600 s), else the app's default. */
export function helperTimeoutSec(settings: Record<string, unknown>): number {
  const raw = settings.inferenceCredentialHelperTimeoutSec;
  const value = typeof raw === "string" && raw.trim() !== "" ? Number(raw) : raw;
  return typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= HELPER_TIMEOUT_MAX
    ? value
    : HELPER_TIMEOUT_DEFAULT_SEC;
}

/** The file itself: there, a file, executable by its owner (this user) and writable by nobody else. */
async function fileProblem(ctx: Context, path: string): Promise<HelperProblem | null> {
  let stat: Awaited<ReturnType<Context["fs"]["stat"]>>;
  try {
    stat = await ctx.fs.stat(path);
  } catch (error) {
    return { code: "file-missing", detail: `${path}: ${ctx.ui.t(osReason(error))}` };
  }
  if (!stat.isFile()) return { code: "file-missing", detail: `${path}: ${ctx.ui.t(osReason("not-a-file"))}` };
  if (!platformModule(ctx.platform).posixModes) return null;
  const mode = stat.mode & 0o777;
  const detail = `${path} (${mode.toString(8).padStart(3, "0")})`;
  if (ctx.uid !== null && stat.uid !== ctx.uid) return { code: "not-owner", detail: `${path} (uid ${stat.uid})` };
  if ((mode & 0o022) !== 0) return { code: "writable", detail };
  if ((mode & 0o100) === 0) return { code: "not-executable", detail };
  return null;
}

const EXIT_CODES: Record<number, HelperProblemCode> = {
  [HELPER_EXIT.unavailable]: "unavailable",
  [HELPER_EXIT.locked]: "locked",
  [HELPER_EXIT.missing]: "item-missing",
};

/**
 * Runs a helper as the app would (CLAUDE_HELPER_CONTEXT=setup-test) and returns its token,
 * registered as a secret. `ours`: our own helper, whose exit codes say what went wrong.
 */
export async function runHelper(
  ctx: Context,
  path: string,
  settings: Record<string, unknown>,
  options: { ours: boolean; maxMs?: number },
): Promise<HelperRun> {
  const problem = await fileProblem(ctx, path);
  if (problem) return { ok: false, problem };
  const seconds = helperTimeoutSec(settings);
  const timeoutMs = Math.min(seconds * 1000, options.maxMs ?? Number.POSITIVE_INFINITY);
  const command = keyStore(ctx).helperCommand(ctx, path);
  const result = await ctx.proc.run(command.file, command.args, { timeoutMs, env: { CLAUDE_HELPER_CONTEXT: "setup-test" }, group: true });
  if (result.timedOut) return { ok: false, problem: { code: "timeout", detail: String(Math.round(timeoutMs / 100) / 10) } };
  const said = firstLine(result.stderr);
  if (result.exitCode !== 0) {
    const code = (options.ours && EXIT_CODES[result.exitCode]) || "failed";
    return {
      ok: false,
      problem: { code, detail: said || ctx.ui.t("keychain.detail.exit", { tool: path, code: String(result.exitCode) }) },
    };
  }
  const token = helperToken(result.stdout);
  if (token === null) return { ok: false, problem: { code: "no-token", detail: said || path } };
  ctx.secrets.add(token);
  return { ok: true, token };
}
