// What the team tests share: ten members (one with a comma, one in Chinese), the key names the
// tool gives their keys, and the manifest as read back from disk.
import { readFileSync } from "node:fs";
import { join } from "node:path";

export const TEN = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "Lee, Ann", "王芳"];

export const keyName = (name: string) => `Claude Desktop – ${name}`;

export interface ManifestOnDisk {
  format: string;
  members: Record<string, Record<string, unknown> & { status: string; hash: string | null; pending: unknown; retired: string[] }>;
}

export function readManifest(out: string): ManifestOnDisk {
  return JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as ManifestOnDisk;
}
