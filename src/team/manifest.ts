// The team manifest (<out-dir>/manifest.json): member → key hash, label, cap, reset, file, created
// at — never a key. It is rewritten atomically after every step of a run, so a run cut at any
// moment leaves it true for what was done, and the next run finishes from it.
import { join } from "node:path";
import * as z from "zod/mini";
import type { Context } from "../core/context.js";
import { CliError } from "../core/errors.js";
import { atomicWrite } from "../core/atomic-write.js";
import { READ_LIMITS, readRegularFile } from "../core/safe-read.js";
import { EXPORT_FORMATS, type ExportFormat } from "../export/file.js";
import { LIMIT_RESETS, type LimitReset } from "../openrouter/management.js";
import { nameIdentity } from "./members.js";
import { osReason } from "../core/os-error.js";
import { problemPhrase } from "../config/parse-problem.js";
import type { MessageParam } from "../i18n/catalogue.js";
import "../core/zod-messages.js";

export const MANIFEST_FILE = "manifest.json";
/** Every member key is named this plus the member's name (an en dash, as OpenRouter shows it). */
export const KEY_NAME_PREFIX = "Claude Desktop – ";

export function keyNameFor(member: string): string {
  return `${KEY_NAME_PREFIX}${member}`;
}

/** The member a key name belongs to, or null for a key that is not a member key. */
export function memberOfKeyName(keyName: string): string | null {
  return keyName.startsWith(KEY_NAME_PREFIX) && keyName.length > KEY_NAME_PREFIX.length ? keyName.slice(KEY_NAME_PREFIX.length) : null;
}

const PendingSchema = z.object({
  requestedAt: z.string(),
  /** The new key's hash once OpenRouter answered; null while the answer is unknown. */
  hash: z.nullable(z.string()),
  /** Where the new file is written before it replaces the member's file. */
  staged: z.string(),
  /** Live keys of this name that existed before the create: never mistaken for its orphan. */
  keep: z.array(z.string()),
  /** The manifest already names the new key: only the staged file's rename is left. */
  committed: z._default(z.boolean(), false),
});

const MemberSchema = z.object({
  name: z.string().check(z.minLength(1)),
  email: z._default(z.nullable(z.string()), null),
  keyName: z.string().check(z.minLength(1)),
  /** creating: no key of this member has a file yet; active: `hash` is in `file`; revoked/deleted by `team revoke`. */
  status: z.enum(["creating", "active", "revoked", "deleted"]),
  hash: z.nullable(z.string()),
  label: z.nullable(z.string()),
  limit: z.nullable(z.number()),
  limitReset: z.nullable(z.enum(LIMIT_RESETS)),
  file: z.nullable(z.string()),
  /** SHA-256 of `file` as the tool wrote it: a file that no longer matches is not "up to date". */
  digest: z._default(z.nullable(z.string()), null),
  createdAt: z.nullable(z.string()),
  pending: z._default(z.nullable(PendingSchema), null),
  /** Keys of this member still to be disabled (replaced by a rotation). */
  retire: z._default(z.array(z.string()), []),
  /** Keys of this member that were disabled (replaced, or orphans of an interrupted create). */
  retired: z._default(z.array(z.string()), []),
});

/**
 * Every option of `team provision` that shapes a member's key or file, as the last run used it: a
 * later run that leaves one out gets the same (a new member is made like the others).
 */
const RememberedSchema = z.object({
  limit: z.nullable(z.number()),
  limitReset: z.nullable(z.enum(LIMIT_RESETS)),
  models: z.nullable(z.string()),
  discoverModels: z.boolean(),
  egress: z.array(z.string()),
  scope: z.enum(["machine", "user"]),
  identifier: z.nullable(z.string()),
  organization: z.nullable(z.string()),
  pricing: z.boolean(),
  attribution: z.boolean(),
  gatewayOnly: z.boolean(),
});

/** The team's guardrail policy: allowed providers, zero data retention, an optional team budget. */
const PolicySchema = z.object({
  providers: z.array(z.string()),
  zdr: z.boolean(),
  budget: z.nullable(z.number()),
  budgetReset: z.nullable(z.enum(LIMIT_RESETS)),
});

/** The team's guardrail, by id (null while its create is in flight) and name; never a key. */
const GuardrailRecordSchema = z.object({
  id: z.nullable(z.string()),
  name: z.string().check(z.minLength(1)),
  policy: PolicySchema,
});

const ManifestSchema = z.object({
  tool: z.literal("claude-desktop-openrouter"),
  kind: z.literal("team"),
  version: z.literal(1),
  format: z.enum(EXPORT_FORMATS),
  updatedAt: z.string(),
  members: z.record(z.string(), MemberSchema),
  options: z.optional(RememberedSchema),
  guardrail: z.optional(GuardrailRecordSchema),
});

export type ManifestMember = z.output<typeof MemberSchema>;
export type Pending = z.output<typeof PendingSchema>;
export type Manifest = z.output<typeof ManifestSchema>;
export type RememberedOptions = z.output<typeof RememberedSchema>;
export type TeamPolicy = z.output<typeof PolicySchema>;

export function newManifest(format: ExportFormat, now: Date): Manifest {
  return { tool: "claude-desktop-openrouter", kind: "team", version: 1, format, updatedAt: now.toISOString(), members: {} };
}

export function newMember(name: string, email: string | null, limit: number, limitReset: LimitReset | null): ManifestMember {
  return {
    name,
    email,
    keyName: keyNameFor(name),
    status: "creating",
    hash: null,
    label: null,
    limit,
    limitReset,
    file: null,
    digest: null,
    createdAt: null,
    pending: null,
    retire: [],
    retired: [],
  };
}

/** The manifest's entry for a member name, matched as the file system would (case, normal form). */
export function findMember(manifest: Manifest, name: string): ManifestMember | undefined {
  const identity = nameIdentity(name);
  return Object.values(manifest.members).find((m) => nameIdentity(m.name) === identity);
}

/** Every hash the manifest knows as one of its members' keys. */
export function knownHashes(manifest: Manifest): Set<string> {
  const hashes = new Set<string>();
  for (const m of Object.values(manifest.members)) {
    if (m.hash) hashes.add(m.hash);
    if (m.pending?.hash) hashes.add(m.pending.hash);
    for (const hash of [...m.retire, ...m.retired]) hashes.add(hash);
  }
  return hashes;
}

export function manifestPath(outDir: string): string {
  return join(outDir, MANIFEST_FILE);
}

function unreadable(path: string, reason: MessageParam): CliError {
  return new CliError({
    code: "team.manifest-unreadable",
    message: "error.teamManifestUnreadable",
    params: { path, reason },
    hint: "hint.teamManifest",
  });
}

/** The manifest in outDir; null when there is none. One that does not parse is an error, never replaced. */
export async function readManifest(ctx: Context, outDir: string): Promise<Manifest | null> {
  const path = manifestPath(outDir);
  let text: string;
  try {
    text = (await readRegularFile(ctx, path, { limit: READ_LIMITS.config, noFollow: true })).toString("utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw unreadable(path, osReason(error));
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // The parser's locating loads only for a manifest that does not parse.
    const { locateParseProblem } = await import("../config/parse-locate.js");
    throw unreadable(path, problemPhrase(await locateParseProblem(text)));
  }
  const parsed = ManifestSchema.safeParse(json);
  if (!parsed.success) throw unreadable(path, parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  // Key hashes are OpenRouter's ids for keys, not keys: reports show them whole.
  for (const hash of knownHashes(parsed.data)) ctx.publicValues.add(hash);
  return parsed.data;
}

/** Writes the manifest atomically, owner-only; refuses (as a defect) if a secret of this run got into it. */
export async function writeManifest(ctx: Context, outDir: string, manifest: Manifest): Promise<void> {
  manifest.updatedAt = ctx.clock.now().toISOString();
  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  for (const secret of ctx.secrets) if (secret.length >= 8 && text.includes(secret)) throw new Error("a key reached the team manifest");
  await atomicWrite(ctx, manifestPath(outDir), Buffer.from(text, "utf8"), 0o600);
}

/** The manifest's active members that a members file does not list (their keys stay as they are). */
export function activeNotListed(manifest: Manifest, members: { name: string }[]): string[] {
  const listed = new Set(members.map((m) => nameIdentity(m.name)));
  return Object.values(manifest.members)
    .filter((m) => m.status === "active" && !listed.has(nameIdentity(m.name)))
    .map((m) => m.name);
}
