/** The gateway base URL written for Claude Desktop unless --base-url says otherwise. */
export const DEFAULT_BASE_URL = "https://openrouter.ai/api";

/**
 * Loopback addresses where Claude Desktop accepts a plain-http gateway. `localhost` is not one:
 * older builds' check could reject it (docs/claude-desktop.md#validation-rules), so 127.0.0.1 or
 * ::1 it is.
 */
export function isLoopbackHost(hostname: string): boolean {
  return /^127\./.test(hostname) || hostname === "[::1]" || hostname === "::1";
}
