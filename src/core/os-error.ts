// The one mapping from what the operating system reports (ENOENT, EACCES, ENOSPC…) to words a
// person reads, in both languages: every message that names a file it could not read or write
// puts one of these after its colon.
import type { Phrase } from "../i18n/phrase.js";
import { formatLimit } from "./safe-read.js";

/** The codes that have words of their own (`os.<code>` in the catalogue; the compiler checks each). */
const WORDED = [
  "ENOENT",
  "EISDIR",
  "ENOTDIR",
  "not-a-file",
  "too-large",
  "symlink",
  "pseudo-fs",
  "EACCES",
  "EPERM",
  "ENOSPC",
  "EDQUOT",
  "EROFS",
  "EIO",
  "EBUSY",
  "ETXTBSY",
  "EMFILE",
  "ENFILE",
  "EEXIST",
  "ENOTEMPTY",
  "ENAMETOOLONG",
  "ELOOP",
  "EXDEV",
  "EADDRINUSE",
  "EADDRNOTAVAIL",
] as const;
type WordedCode = (typeof WORDED)[number];

function isWorded(code: string): code is WordedCode {
  return (WORDED as readonly string[]).includes(code);
}

/** An OS error code (ENOENT…), or ours for a path that is neither a file nor a folder. */
const OS_CODE = /^E[A-Z0-9]+$|^not-a-file$|^too-large$|^symlink$|^pseudo-fs$/;

/** The code a failed file or socket call carries (ENOENT…), looking through wrapped causes. */
export function errnoOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === "object"; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && OS_CODE.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The limit a "too-large" refusal carries (src/core/safe-read.ts), in people's units. */
function limitOf(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === "object"; depth++) {
    const limit = (current as { limit?: unknown }).limit;
    if (typeof limit === "number") return formatLimit(limit);
    current = (current as { cause?: unknown }).cause;
  }
  return "?";
}

/**
 * Why a file or socket call failed, as a phrase: from the error itself, or from a code recorded
 * earlier (the `reason` in `show --json`). A code without words of its own is named as it is.
 */
export function osReason(errorOrCode: unknown): Phrase {
  const code = typeof errorOrCode === "string" ? (OS_CODE.test(errorOrCode) ? errorOrCode : undefined) : errnoOf(errorOrCode);
  if (code === "too-large") return { key: "os.too-large", params: { limit: limitOf(errorOrCode) } };
  if (code !== undefined) return isWorded(code) ? { key: `os.${code}` } : { key: "os.unnamed", params: { code } };
  return { key: "os.unknown", params: { detail: errorOrCode instanceof Error ? errorOrCode.message : String(errorOrCode) } };
}
