// What to do for each member of a team run, from the manifest, OpenRouter's keys and the files
// on disk: create, rotate, skip, delivered, revoked or blocked (with why), and the files a run may
// touch. Planning reads; the engine (./engine.ts) acts.
import { join } from "node:path";
import type { Context } from "../core/context.js";
import { exists } from "../core/paths.js";
import type { LimitReset, ManagedKey } from "../openrouter/management.js";
import { findMember, newMember, type Manifest, type ManifestMember } from "./manifest.js";
import type { Member } from "./members.js";
import { currentDigest } from "./ownership.js";

/** delivered: up to date, its file deleted after it was deployed (as the rollout says to). */
export type MemberAction = "create" | "rotate" | "skip" | "delivered" | "revoked" | "blocked" | "failed";
/** Why a member is blocked: its key exists, but no file of ours holds it (OpenRouter shows a key once). */
export type BlockReason = "exists-without-file" | "file-changed" | "key-disabled" | "key-gone";

export interface MemberOutcome {
  name: string;
  action: MemberAction;
  reason: BlockReason | null;
  /** The action was carried out (false with --dry-run, and for blocked or failed members). */
  done: boolean;
  hash: string | null;
  label: string | null;
  limit: number | null;
  limitReset: LimitReset | null;
  /** File name inside the out-dir. */
  file: string | null;
  /** The key's cap on OpenRouter differs from the members file (only for skipped members). */
  limitDiffers: boolean;
  /** Hashes disabled because this member's key was rotated. */
  replaced: string[];
  /** Why a create failed (OpenRouter's words). */
  error: string | null;
}

export function sameName(key: ManagedKey, keyName: string): boolean {
  return key.name.normalize("NFC") === keyName;
}

export function outcome(name: string, action: MemberAction, extra: Partial<MemberOutcome> = {}): MemberOutcome {
  return {
    name,
    action,
    reason: null,
    done: false,
    hash: null,
    label: null,
    limit: null,
    limitReset: null,
    file: null,
    limitDiffers: false,
    replaced: [],
    error: null,
    ...extra,
  };
}

export interface Planned {
  member: Member;
  entry: ManifestMember | undefined;
  outcome: MemberOutcome;
  /** Live keys a rotation replaces. */
  replaces: string[];
}

/** What to do for one member, from the manifest, OpenRouter's keys and the files on disk. */
export async function plan(
  ctx: Context,
  outDir: string,
  manifest: Manifest,
  keys: ManagedKey[],
  member: Member,
  rotate: boolean,
  ignore: Set<string>,
): Promise<Planned> {
  const entry = findMember(manifest, member.name);
  const name = entry?.name ?? member.name;
  const file = `${name}.${manifest.format}`;
  const keyName = entry?.keyName ?? newMember(name, null, member.limit, member.limitReset).keyName;
  const live = keys.filter((k) => sameName(k, keyName) && !k.disabled && !ignore.has(k.hash));
  const wanted = { limit: member.limit, limitReset: member.limitReset, file };
  const replaces = [...new Set([...(entry?.status === "active" && entry.hash ? [entry.hash] : []), ...live.map((k) => k.hash)])];
  if (rotate) return { member, entry, replaces, outcome: outcome(name, "rotate", wanted) };
  if (entry?.status === "revoked" || entry?.status === "deleted") {
    return { member, entry, replaces, outcome: outcome(name, "revoked", { hash: entry.hash, label: entry.label, file: entry.file }) };
  }
  if (entry?.status === "active" && entry.hash) {
    const key = keys.find((k) => k.hash === entry.hash);
    const known = { hash: entry.hash, label: entry.label, limit: key?.limit ?? entry.limit, file: entry.file };
    const limitReset = (key?.limitReset as LimitReset | null | undefined) ?? entry.limitReset;
    const block = (reason: BlockReason) => ({
      member,
      entry,
      replaces,
      outcome: outcome(name, "blocked", { ...known, limitReset, reason }),
    });
    if (!key) return block("key-gone");
    if (key.disabled) return block("key-disabled");
    const limitDiffers = key.limit !== member.limit || (key.limitReset ?? null) !== member.limitReset;
    // The key is live and was handed out in its file; a file deleted since was deployed (the
    // rollout says to delete it then): the member is done, and nothing here may replace that key.
    const delivered = !entry.file || !(await exists(ctx, join(outDir, entry.file)));
    if (!delivered && entry.file) {
      // A file still there must be the one the tool wrote: one changed since (another server,
      // another key) is reported and left as it is. A manifest from before digests were kept
      // records the file as it is now.
      const digest = await currentDigest(ctx, join(outDir, entry.file));
      if (digest === null || (entry.digest !== null && digest !== entry.digest)) return block("file-changed");
      entry.digest ??= digest;
    }
    return { member, entry, replaces, outcome: outcome(name, delivered ? "delivered" : "skip", { ...known, limitReset, limitDiffers }) };
  }
  if (live.length > 0) {
    const first = live[0]!;
    return {
      member,
      entry,
      replaces,
      outcome: outcome(name, "blocked", { reason: "exists-without-file", hash: first.hash, label: first.label, limit: first.limit }),
    };
  }
  return { member, entry, replaces, outcome: outcome(name, "create", wanted) };
}

/** Every file of the out-dir a run may read or replace: the manifest's member files and the CSV members' (with their staged copies). */
export function memberFiles(manifest: Manifest | null, members: Member[], format: string): string[] {
  const files = new Set<string>();
  for (const entry of Object.values(manifest?.members ?? {})) {
    if (entry.file) files.add(entry.file);
    if (entry.pending) files.add(entry.pending.staged);
  }
  for (const member of members) {
    const name = (manifest && findMember(manifest, member.name)?.name) ?? member.name;
    files.add(`${name}.${format}`);
    files.add(`.${name}.${format}.staged`);
  }
  return [...files];
}

/** How many members each action met. */
export interface OutcomeCounts {
  created: number;
  rotated: number;
  skipped: number;
  delivered: number;
  revoked: number;
  blocked: number;
  failed: number;
}

export function countOutcomes(members: MemberOutcome[]): OutcomeCounts {
  const n = (action: MemberAction) => members.filter((m) => m.action === action).length;
  return {
    created: n("create"),
    rotated: n("rotate"),
    skipped: n("skip"),
    delivered: n("delivered"),
    revoked: n("revoked"),
    blocked: n("blocked"),
    failed: n("failed"),
  };
}
