// Pieces the macOS and Linux stores share: both name one POSIX shell helper in the entry, which
// runs the store's tool by absolute path (no PATH, no node) and says why when it gets no key.
import { posixShellQuote } from "../platform/shared.js";
import { HELPER_EXIT, type HelperKeys } from "./types.js";

/** The first non-empty line of a tool's output, trimmed. */
export function firstLine(text: string): string {
  return (
    text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .find(Boolean) ?? ""
  );
}

export function posixHelperKeys(path: string): HelperKeys {
  return { path };
}

export function posixHelperPathOf(settings: Record<string, unknown>): string | null {
  const path = settings.inferenceCredentialHelper;
  return typeof path === "string" && path !== "" ? path : null;
}

export interface PosixHelper {
  /** The store, as the helper's messages name it. */
  store: string;
  /** The store's tool, by absolute path. */
  tool: string;
  /** The tool's arguments that print the key. */
  read: string[];
  /** Shell lines run when the read failed, that may put the reason in $problem. */
  why?: string[];
  /** `case` patterns on "$rc:$problem": the item is missing, the store is locked. */
  missing: string;
  locked: string;
}

/** The helper script: the key on stdout (exit 0), or one line on stderr and exit 2, 3 or 4. */
export function posixHelperText(h: PosixHelper): string {
  const fail = (text: string, code: number) => `echo "claude-desktop-openrouter: ${text}" >&2; exit ${code}`;
  return [
    "#!/bin/sh",
    `# claude-desktop-openrouter: prints the OpenRouter key from ${h.store} for Claude Desktop. No secret here.`,
    `tool=${posixShellQuote(h.tool)}`,
    `[ -x "$tool" ] || { ${fail("$tool is missing", HELPER_EXIT.unavailable)}; }`,
    // The key goes straight to our stdout; only the tool's complaints are kept.
    `{ problem=$("$tool" ${h.read.map(posixShellQuote).join(" ")} 2>&1 >&3); } 3>&1`,
    "rc=$?",
    '[ "$rc" -eq 0 ] && exit 0',
    ...(h.why ?? []),
    'case "$rc:$problem" in',
    `  ${h.missing}) ${fail("the keychain item is missing: run npx claude-desktop-openrouter setup --key-storage keychain", HELPER_EXIT.missing)} ;;`,
    `  ${h.locked}) ${fail(`${h.store} is locked: unlock it, then try again`, HELPER_EXIT.locked)} ;;`,
    "esac",
    fail(`${h.store} did not answer: $problem`, HELPER_EXIT.unavailable),
    "",
  ].join("\n");
}
