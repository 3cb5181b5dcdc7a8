// Pieces the macOS and Linux stores share: both name one POSIX shell helper in the entry.
import type { HelperKeys } from "./types.js";

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
