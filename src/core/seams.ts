// The test seams: environment variables that let the suite run every platform's behaviour for
// real on any machine (documented for contributors in docs/test-seams.md, not in --help). Read and
// validated here and nowhere else: a value that is set but wrong is a usage error naming the
// variable, never silently ignored.
import type { Env, PlatformId } from "./context.js";
import { usageError } from "./errors.js";

export const SEAM_NAMES = {
  /** Behave as on this platform: darwin, win32 or linux. */
  platform: "CLAUDE_DESKTOP_OPENROUTER_PLATFORM",
  /** A directory prefixed to every absolute system path (a fake system root). */
  root: "CLAUDE_DESKTOP_OPENROUTER_ROOT",
  /** Where the tool's own API calls go instead of <base-url>/v1 (a loopback fake). */
  apiUrl: "CLAUDE_DESKTOP_OPENROUTER_API_URL",
  /** Deadline of one HTTP request, in milliseconds. */
  httpTimeoutMs: "CLAUDE_DESKTOP_OPENROUTER_HTTP_TIMEOUT_MS",
  /** doctor's per-request deadline, in milliseconds. */
  doctorTimeoutMs: "CLAUDE_DESKTOP_OPENROUTER_DOCTOR_TIMEOUT_MS",
  /** How long setup and revert wait for the app to quit, in seconds. */
  quitSeconds: "CLAUDE_DESKTOP_OPENROUTER_QUIT_SECONDS",
  /** How long a launch waits for the app to report gateway mode, in seconds. */
  confirmSeconds: "CLAUDE_DESKTOP_OPENROUTER_CONFIRM_SECONDS",
  /** How long `--login` waits for the browser, in milliseconds. */
  loginTimeoutMs: "CLAUDE_DESKTOP_OPENROUTER_LOGIN_TIMEOUT_MS",
  /** A fixed port for the sign-in's loopback callback instead of a random free one. */
  callbackPort: "CLAUDE_DESKTOP_OPENROUTER_CALLBACK_PORT",
} as const;

export interface Seams {
  platform?: PlatformId;
  root?: string;
  apiUrl?: string;
  httpTimeoutMs?: number;
  doctorTimeoutMs?: number;
  quitSeconds?: number;
  confirmSeconds?: number;
  loginTimeoutMs?: number;
  callbackPort?: number;
}

const PLATFORMS: readonly PlatformId[] = ["darwin", "win32", "linux"];

function invalid(name: string, value: string, expected: string): never {
  throw usageError("error.seamInvalid", { name, value, expected }, "hint.seamInvalid");
}

/** Every duration is a finite number greater than zero (milliseconds or seconds as named). */
function duration(env: Env, name: string): number | undefined {
  const value = env[name];
  if (value === undefined || value === "") return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) invalid(name, value, "a number greater than 0");
  return number;
}

const cache = new WeakMap<Env, Seams>();

/** The seams set in env, validated (an empty variable counts as unset). */
export function readSeams(env: Env): Seams {
  const known = cache.get(env);
  if (known) return known;
  const seams: Seams = {};
  const platform = env[SEAM_NAMES.platform];
  if (platform) {
    if (!PLATFORMS.includes(platform as PlatformId)) invalid(SEAM_NAMES.platform, platform, PLATFORMS.join(", "));
    seams.platform = platform as PlatformId;
  }
  const root = env[SEAM_NAMES.root];
  if (root) seams.root = root;
  const apiUrl = env[SEAM_NAMES.apiUrl];
  if (apiUrl) {
    if (!/^https?:\/\/[^/]/.test(apiUrl)) invalid(SEAM_NAMES.apiUrl, apiUrl, "an http:// or https:// URL");
    seams.apiUrl = apiUrl;
  }
  const numbers = [
    ["httpTimeoutMs", SEAM_NAMES.httpTimeoutMs],
    ["doctorTimeoutMs", SEAM_NAMES.doctorTimeoutMs],
    ["quitSeconds", SEAM_NAMES.quitSeconds],
    ["confirmSeconds", SEAM_NAMES.confirmSeconds],
    ["loginTimeoutMs", SEAM_NAMES.loginTimeoutMs],
  ] as const;
  for (const [field, name] of numbers) {
    const value = duration(env, name);
    if (value !== undefined) seams[field] = value;
  }
  const port = env[SEAM_NAMES.callbackPort];
  if (port) {
    const number = Number(port);
    if (!Number.isInteger(number) || number < 1 || number > 65_535) invalid(SEAM_NAMES.callbackPort, port, "a port from 1 to 65535");
    seams.callbackPort = number;
  }
  cache.set(env, seams);
  return seams;
}
