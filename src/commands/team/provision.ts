// `team provision`: one capped OpenRouter key per member of a CSV, each in its own rollout file
// (the bytes `export` writes for that key), and a key-free manifest. Idempotent and resumable:
// before each create the manifest says so, after it the new key's hash, after the file the
// member is done; a run cut anywhere is finished by the next one without a duplicate live key.
import { join } from "node:path";
import * as z from "zod/mini";
import type { Context } from "../../core/context.js";
import { CliError, usageError } from "../../core/errors.js";
import { ExitCode, type ExitCodeValue } from "../../core/exit-codes.js";
import { Report, type Warning } from "../../core/report.js";
import { exists } from "../../core/paths.js";
import { atomicWrite, withLock } from "../../core/transaction.js";
import { chooseModels, parseModelsOption } from "../../core/model-choice.js";
import { parseEgress } from "../../config/egress.js";
import type { ModelEntry } from "../../config/entry.js";
import { KEY_PLACEHOLDER } from "../../export/lint.js";
import { getModels } from "../../openrouter/api.js";
import { HttpStatusError } from "../../openrouter/http.js";
import { maskKey } from "../../openrouter/key.js";
import { createKey, isKeyGone, listKeys, updateKey, type LimitReset, type ManagedKey } from "../../openrouter/management.js";
import { toModelEntries, type ModelInfo } from "../../openrouter/models.js";
import { entrySettings } from "../../core/entry-extras.js";
import { nameIdentity, parseMembers, type Member } from "../../team/members.js";
import {
  findMember,
  knownHashes,
  MANIFEST_FILE,
  manifestPath,
  newManifest,
  newMember,
  writeManifest,
  type Manifest,
  type ManifestMember,
  type RememberedOptions,
} from "../../team/manifest.js";
import { platformModule } from "../../platform/index.js";
import { columns, resetText, usdOrDash } from "../../render/figures.js";
import { style } from "../../render/style.js";
import { buildExportFile, checkProfileOptions, EXPORT_FORMATS, type ExportFileSpec, type ExportFormat } from "../export.js";
import { parseOptions } from "../options.js";
import type { Outcome } from "../types.js";
import { limitOption, ManagementKeyOptions, managementKey, outDirManifest, resetOption } from "./shared.js";
import { osReason } from "../../core/os-error.js";
import { READ_LIMITS, readRegularFile } from "../../core/safe-read.js";
import { checkOutDir, currentDigest, fileDigest } from "../../team/ownership.js";
import { shellArgument } from "../../core/next-command.js";
import { governTeam, guardrailLines, plannedGovernance, PolicyOptions, prepareGovernance, type GuardrailOutcome } from "./policy.js";

export const ProvisionOptionsSchema = z.object({
  ...ManagementKeyOptions,
  // The team guardrail's options (policy.ts); --no-guardrail leaves guardrails alone.
  ...PolicyOptions,
  members: z.optional(z.string().check(z.minLength(1))),
  limit: z.optional(z.string()),
  limitReset: z.optional(z.string()),
  format: z.optional(z.enum(EXPORT_FORMATS)),
  outDir: z.optional(z.string().check(z.minLength(1))),
  models: z.optional(z.string()),
  // Left out: what the manifest remembers from the last run, else the default (see remembered()).
  discoverModels: z.optional(z.boolean()),
  egress: z.optional(z.array(z.string())),
  scope: z.optional(z.enum(["machine", "user"])),
  identifier: z.optional(z.string().check(z.trim())),
  organization: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
  pricing: z.optional(z.boolean()),
  attribution: z.optional(z.boolean()),
  gatewayOnly: z.optional(z.boolean()),
  rotate: z._default(z.array(z.string()), []),
  dryRun: z._default(z.boolean(), false),
});
export type ProvisionOptions = z.input<typeof ProvisionOptionsSchema>;

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

export interface Recovery {
  name: string;
  hash: string | null;
  /** disabled: an orphan of an interrupted create, or a replaced key; completed: a create whose file was already written. */
  action: "disabled" | "completed";
}

export interface ProvisionResult {
  command: "team provision";
  dryRun: boolean;
  outDir: string;
  manifest: string;
  format: ExportFormat;
  members: MemberOutcome[];
  recovered: Recovery[];
  /** Members of the manifest that are not in the members file (their keys stay as they are). */
  notInMembersFile: string[];
  counts: { created: number; rotated: number; skipped: number; delivered: number; revoked: number; blocked: number; failed: number };
  /** The options this run used (given, or remembered by the manifest from the last run). */
  options: RememberedOptions;
  /** The team's guardrail and its key assignments (null with --no-guardrail). */
  guardrail: GuardrailOutcome | null;
  warnings: Warning[];
}

/** One run's state: the manifest is saved after every step. */
interface Run {
  ctx: Context;
  report: Report;
  key: string;
  outDir: string;
  manifest: Manifest;
  keys: ManagedKey[];
  profile: Omit<ExportFileSpec, "key" | "placeholder">;
  recovered: Recovery[];
}

const save = (run: Run) => writeManifest(run.ctx, run.outDir, run.manifest);

function sameName(key: ManagedKey, keyName: string): boolean {
  return key.name.normalize("NFC") === keyName;
}

/**
 * Keys a create in flight may have left: its own hash once known; otherwise every live key of
 * that name the manifest does not know and that was not there before the create.
 */
export function orphansOf(entry: ManifestMember, keys: ManagedKey[], known: Set<string>): ManagedKey[] {
  const pending = entry.pending;
  if (!pending) return [];
  if (pending.hash) return keys.filter((k) => k.hash === pending.hash && !k.disabled);
  return keys.filter((k) => sameName(k, entry.keyName) && !k.disabled && !pending.keep.includes(k.hash) && !known.has(k.hash));
}

async function disable(run: Run, hash: string): Promise<void> {
  try {
    const updated = await run.report.step("step.teamDisable", () => updateKey(run.ctx, run.key, hash, { disabled: true }), {
      hash: hash.slice(0, 12),
    });
    run.keys = run.keys.map((k) => (k.hash === hash ? updated : k));
  } catch (error) {
    // Already gone is as good as disabled.
    if (!isKeyGone(error)) throw error;
    run.keys = run.keys.filter((k) => k.hash !== hash);
  }
}

/** Disables the member's replaced keys, recording each as it goes. */
async function retireKeys(run: Run, entry: ManifestMember): Promise<string[]> {
  const done: string[] = [];
  for (const hash of [...entry.retire]) {
    if (run.keys.some((k) => k.hash === hash && !k.disabled)) await disable(run, hash);
    entry.retire = entry.retire.filter((h) => h !== hash);
    if (!entry.retired.includes(hash)) entry.retired.push(hash);
    done.push(hash);
    await save(run);
  }
  return done;
}

/** Records the new key as the member's (manifest first), then puts the staged file in place. */
async function commit(run: Run, entry: ManifestMember, record: ManagedKey, label: string, file: string, replaces: string[]): Promise<void> {
  const pending = entry.pending!;
  const previous = entry.status === "active" && entry.hash ? [entry.hash] : [];
  entry.status = "active";
  entry.hash = record.hash;
  entry.label = label;
  entry.limit = record.limit ?? entry.limit;
  entry.limitReset = (record.limitReset as LimitReset | null) ?? entry.limitReset;
  entry.file = file;
  entry.createdAt = record.createdAt ?? run.ctx.clock.now().toISOString();
  entry.retire = [...new Set([...entry.retire, ...previous, ...replaces])].filter((h) => h !== record.hash);
  entry.digest = fileDigest(await run.ctx.fs.readFile(join(run.outDir, pending.staged)));
  pending.committed = true;
  await save(run);
  await run.ctx.fs.rename(join(run.outDir, pending.staged), join(run.outDir, file));
  entry.pending = null;
  await save(run);
}

/** Finishes what an interrupted run left for one manifest member (any member, in the CSV or not). */
async function recover(run: Run, entry: ManifestMember): Promise<void> {
  const pending = entry.pending;
  if (pending) {
    const staged = join(run.outDir, pending.staged);
    const stagedExists = await exists(run.ctx, staged);
    const created = pending.hash ? run.keys.find((k) => k.hash === pending.hash && !k.disabled) : undefined;
    if (pending.committed) {
      if (stagedExists && entry.file) await run.ctx.fs.rename(staged, join(run.outDir, entry.file));
      entry.pending = null;
      await save(run);
      run.recovered.push({ name: entry.name, hash: entry.hash, action: "completed" });
    } else if (created && stagedExists) {
      // The key was made and its file written; only the manifest had not caught up.
      await commit(run, entry, created, created.label ?? "-", pending.staged.replace(/^\.(.*)\.staged$/, "$1"), pending.keep);
      run.recovered.push({ name: entry.name, hash: created.hash, action: "completed" });
    } else {
      // Its secret is lost (or in a file nobody will deploy): never leave such a key live.
      for (const orphan of orphansOf(entry, run.keys, knownHashes(run.manifest))) {
        await disable(run, orphan.hash);
        if (!entry.retired.includes(orphan.hash)) entry.retired.push(orphan.hash);
        await save(run);
        run.recovered.push({ name: entry.name, hash: orphan.hash, action: "disabled" });
      }
      if (pending.hash && !entry.retired.includes(pending.hash)) entry.retired.push(pending.hash);
      await run.ctx.fs.rm(staged, { force: true });
      entry.pending = null;
      await save(run);
    }
  }
  for (const hash of await retireKeys(run, entry)) run.recovered.push({ name: entry.name, hash, action: "disabled" });
}

function outcome(name: string, action: MemberAction, extra: Partial<MemberOutcome> = {}): MemberOutcome {
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

interface Planned {
  member: Member;
  entry: ManifestMember | undefined;
  outcome: MemberOutcome;
  /** Live keys a rotation replaces. */
  replaces: string[];
}

/** What to do for one member, from the manifest, OpenRouter's keys and the files on disk. */
async function plan(
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

/** A create OpenRouter refused outright (4xx other than rate limiting): nothing was made. */
function refusedOutright(error: unknown): error is HttpStatusError {
  return error instanceof HttpStatusError && error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429;
}

/** Creates (or, rotating, replaces) one member's key and writes its file. */
async function issue(run: Run, item: Planned): Promise<void> {
  const { ctx, outDir } = run;
  const { member, outcome: result } = item;
  const entry = item.entry ?? newMember(member.name, member.email, member.limit, member.limitReset);
  run.manifest.members[entry.name] = entry;
  entry.email = member.email ?? entry.email;
  const file = `${entry.name}.${run.manifest.format}`;
  const staged = `.${file}.staged`;
  await ctx.fs.rm(join(outDir, staged), { force: true });
  const keep = run.keys.filter((k) => sameName(k, entry.keyName) && !k.disabled).map((k) => k.hash);
  entry.pending = { requestedAt: ctx.clock.now().toISOString(), hash: null, staged, keep, committed: false };
  if (entry.status !== "active") Object.assign(entry, { limit: member.limit, limitReset: member.limitReset });
  await save(run);

  let created: Awaited<ReturnType<typeof createKey>>;
  try {
    created = await run.report.step(
      "step.teamCreate",
      () => createKey(ctx, run.key, { name: entry.keyName, limit: member.limit, limitReset: member.limitReset }),
      { name: entry.name },
    );
  } catch (error) {
    if (!refusedOutright(error)) throw error;
    entry.pending = null;
    await save(run);
    Object.assign(result, { action: "failed", file: null, error: `${error.status} ${error.serverMessage}`.trim() });
    return;
  }
  const record = created.record;
  entry.pending.hash = record.hash;
  run.keys.push(record);
  await save(run);

  try {
    const { data } = await buildExportFile(ctx, { ...run.profile, key: created.key, placeholder: false });
    await atomicWrite(ctx, join(outDir, staged), data, 0o600);
  } catch (error) {
    // A key nobody can be handed is disabled at once; if even that fails, the pending entry
    // (with its hash) makes the next run do it.
    try {
      await disable(run, record.hash);
      entry.retired.push(record.hash);
      entry.pending = null;
      await save(run);
    } catch {
      // Left pending: recovered by the next run.
    }
    throw error;
  }
  const label = record.label && !record.label.includes(created.key) && record.label !== record.name ? record.label : maskKey(created.key);
  await commit(run, entry, record, label, file, item.replaces);
  const replaced = await retireKeys(run, entry);
  Object.assign(result, {
    done: true,
    hash: record.hash,
    label,
    limit: entry.limit,
    limitReset: entry.limitReset,
    file,
    replaced,
  });
}

/**
 * The options that shape a member: given now, else as the manifest remembers them from the last
 * run, else the defaults. So "team provision --members … --out-dir …" (new members only) makes a
 * new member exactly like the others.
 */
export function remembered(options: z.output<typeof ProvisionOptionsSchema>, last: RememberedOptions | undefined): RememberedOptions {
  const limitReset = resetOption(options.limitReset);
  return {
    limit: limitOption(options.limit) ?? last?.limit ?? null,
    limitReset: limitReset !== undefined ? limitReset : (last?.limitReset ?? null),
    models: options.models ?? (options.discoverModels ? null : (last?.models ?? null)),
    discoverModels: options.discoverModels ?? (options.models !== undefined ? false : (last?.discoverModels ?? false)),
    egress: options.egress ?? last?.egress ?? [],
    scope: options.scope ?? last?.scope ?? "machine",
    identifier: options.identifier ?? last?.identifier ?? null,
    organization: options.organization ?? last?.organization ?? null,
    pricing: options.pricing ?? last?.pricing ?? true,
    attribution: options.attribution ?? last?.attribution ?? true,
    gatewayOnly: options.gatewayOnly ?? last?.gatewayOnly ?? true,
  };
}

/**
 * --rotate disables the key every device of that member uses: said first, and asked (or --yes).
 */
async function confirmRotate(ctx: Context, names: string[]): Promise<void> {
  const list = names.map((n) => n.trim()).join(", ");
  ctx.streams.stderr.write(`${style(ctx).symbols.warn} ${ctx.ui.t("team.rotateWarning", { names: list })}\n`);
  if (ctx.ui.yes) return;
  if (!ctx.ui.interactive) throw usageError("error.teamRotateNeedsYes", { names: list }, "hint.teamRotateNeedsYes");
  const { askYesNo } = await import("../../wizard/prompts.js");
  if (!(await askYesNo(ctx, ctx.ui.t("team.rotateConfirm"), false)))
    throw new CliError({ code: "cancelled", exitCode: ExitCode.cancelled, message: "error.cancelled" });
}

function countOf(members: MemberOutcome[]): ProvisionResult["counts"] {
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

/** A file of the out-dir that could not be written (disk full, permissions): the user's to fix, not a defect. */
function writeFailure(error: unknown): unknown {
  const e = error as NodeJS.ErrnoException;
  if (error instanceof CliError || typeof e?.code !== "string" || typeof e.syscall !== "string") return error;
  return new CliError({
    code: "team.write-failed",
    message: "error.teamWriteFailed",
    params: { path: e.path ?? "-", reason: osReason(e) },
    cause: error,
  });
}

/** A run stopped by a failure part-way: what stopped it, and that running again finishes it. */
function interrupted(ctx: Context, name: string, failure: unknown): unknown {
  const error = writeFailure(failure);
  if (!(error instanceof CliError)) return error;
  return new CliError({
    code: "team.interrupted",
    exitCode: error.exitCode as ExitCodeValue,
    message: "error.teamInterrupted",
    params: { name, reason: ctx.ui.t(error.messageKey, error.params) },
    hint: "hint.teamInterrupted",
    cause: error,
  });
}

/** Every file of the out-dir a run may read or replace: the manifest's member files and the CSV members' (with their staged copies). */
function memberFiles(manifest: Manifest | null, members: Member[], format: string): string[] {
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

export async function run(ctx: Context, raw: ProvisionOptions): Promise<Outcome<ProvisionResult>> {
  const options = parseOptions(ProvisionOptionsSchema, raw);
  const report = new Report(ctx);
  if (options.members === undefined) throw usageError("error.teamMembersMissing", {}, "hint.teamMembersFile");
  if (options.outDir === undefined) throw usageError("error.teamOutDirMissing", {}, "hint.teamOutDir");
  const outDir = options.outDir;
  const existing = await outDirManifest(ctx, outDir);
  const given = remembered(options, existing?.options);
  const limit = given.limit ?? undefined;
  const limitReset = given.limitReset;
  const membersFile = options.members;
  const bytes = await readRegularFile(ctx, membersFile, { limit: READ_LIMITS.members }).catch((error: NodeJS.ErrnoException) => {
    throw usageError("error.teamMembersUnreadable", { path: membersFile, reason: osReason(error) }, "hint.teamMembersFile");
  });
  const { members, unknownColumns } = parseMembers(bytes, membersFile, { limit, limitReset });
  if (unknownColumns.length > 0) report.warn("team.unknown-columns", "warn.teamUnknownColumns", { columns: unknownColumns.join(", ") });
  const rotate = new Set(options.rotate.map((name) => nameIdentity(name.trim())));
  const unknownRotate = options.rotate.filter((name) => !members.some((m) => nameIdentity(m.name) === nameIdentity(name.trim())));
  if (unknownRotate.length > 0) throw usageError("error.teamRotateUnknown", { names: unknownRotate.join(", ") }, "hint.teamMembersFile");

  const format = options.format ?? existing?.format;
  if (!format) throw usageError("error.teamFormatMissing", {}, "hint.teamFormat");
  await checkOutDir(ctx, outDir, memberFiles(existing, members, format));
  if (existing && existing.format !== format)
    throw usageError("error.teamFormatChanged", { format, previous: existing.format, path: outDir }, "hint.teamFormat");
  checkProfileOptions(format, {
    scope: given.scope,
    ...(given.identifier !== null ? { identifier: given.identifier } : {}),
    ...(given.organization !== null ? { organization: given.organization } : {}),
  });
  if (options.models !== undefined && options.discoverModels) throw usageError("error.modelsAndDiscover");
  const modelIds = parseModelsOption(given.models ?? undefined);
  const egress = parseEgress(given.egress, ctx.ui.t);
  if (rotate.size > 0 && !options.dryRun) await confirmRotate(ctx, options.rotate);
  if (egress.allowAll && !ctx.ui.yes) throw usageError("error.egressAllNeedsYes", {}, "hint.egressAllNeedsYes");

  const key = await managementKey(ctx, report, options);
  let models: ModelEntry[] | null = null;
  let catalogue: ModelInfo[] | null = null;
  if (!given.discoverModels) {
    catalogue = await report.step("step.fetchModels", () => getModels(ctx));
    models = toModelEntries(chooseModels(modelIds, catalogue, report, "hint.exportModelsNeeded"));
  } else report.warn("models.discovery", "warn.discovery");
  if (egress.allowAll) report.warn("egress.all", "warn.egressAll");
  // The same entry export writes for these options (the key goes in per member).
  const { apiKey: _placeholder, ...settings } = entrySettings(report, {
    apiKey: KEY_PLACEHOLDER,
    baseUrl: ctx.settings.baseUrl,
    models,
    catalogue,
    egressHosts: egress.hosts,
    pricing: given.pricing,
    attribution: given.attribution,
    gatewayOnly: given.gatewayOnly,
  });
  const profile = {
    format,
    scope: given.scope,
    identifier: given.identifier ?? undefined,
    organization: given.organization ?? undefined,
    settings,
  };
  // Lint the settings once, with a placeholder, before a single key exists.
  await buildExportFile(ctx, { ...profile, key: KEY_PLACEHOLDER, placeholder: true, report });

  const work = async (): Promise<Outcome<ProvisionResult>> => {
    const manifest = (options.dryRun ? existing : await outDirManifest(ctx, outDir)) ?? newManifest(format, ctx.clock.now());
    manifest.options = given;
    const state: Run = {
      ctx,
      report,
      key,
      outDir,
      manifest,
      keys: await report.step("step.teamListKeys", () => listKeys(ctx, key)),
      profile,
      recovered: [],
    };
    // The team guardrail (policy.ts): read and planned, a change confirmed, before any key is made.
    const governance = await prepareGovernance(ctx, report, key, manifest, options, options.dryRun);
    const ignore = new Set<string>();
    if (options.dryRun) {
      const known = knownHashes(manifest);
      for (const entry of Object.values(manifest.members))
        for (const orphan of orphansOf(entry, state.keys, known)) ignore.add(orphan.hash);
    } else {
      await save(state);
      for (const entry of Object.values(manifest.members)) await recover(state, entry);
    }
    const planned: Planned[] = [];
    const undigested = Object.values(manifest.members).filter((m) => m.status === "active" && m.digest === null).length;
    for (const member of members)
      planned.push(await plan(ctx, outDir, manifest, state.keys, member, rotate.has(nameIdentity(member.name)), ignore));
    // Digests recorded for files a manifest of an earlier version did not have them for.
    const recorded = Object.values(manifest.members).filter((m) => m.status === "active" && m.digest === null).length < undigested;
    if (recorded && !options.dryRun) await save(state);
    if (!options.dryRun) {
      for (const item of planned) {
        if (item.outcome.action !== "create" && item.outcome.action !== "rotate") continue;
        try {
          await issue(state, item);
        } catch (error) {
          throw interrupted(ctx, item.outcome.name, error);
        }
      }
    }
    const outcomes = planned.map((p) => p.outcome);
    // Every live member key under the team guardrail (made or kept), each step in the manifest first.
    let guardrail: GuardrailOutcome | null = null;
    if (governance && options.dryRun) {
      const making = outcomes.filter((m) => m.action === "create" || m.action === "rotate").map((m) => m.name);
      guardrail = plannedGovernance(governance.plan, governance.read, manifest, state.keys, making);
    } else if (governance) {
      try {
        guardrail = await governTeam(ctx, report, key, governance.plan, governance.read, manifest, state.keys, () => save(state));
      } catch (error) {
        throw interrupted(ctx, governance.plan.name, error);
      }
    }
    for (const m of outcomes) {
      if (m.action === "blocked")
        report.warn(`team.blocked.${m.reason}`, `warn.teamBlocked.${m.reason ?? "exists-without-file"}`, {
          name: m.name,
          arg: shellArgument(ctx, m.name),
        });
      if ((m.action === "skip" || m.action === "delivered") && m.limitDiffers)
        report.warn("team.limit-differs", "warn.teamLimitDiffers", { name: m.name, arg: shellArgument(ctx, m.name) });
    }
    const listed = new Set(members.map((m) => nameIdentity(m.name)));
    const notInMembersFile = Object.values(manifest.members)
      .filter((m) => m.status === "active" && !listed.has(nameIdentity(m.name)))
      .map((m) => m.name);
    const counts = countOf(outcomes);
    if (!options.dryRun && counts.created + counts.rotated > 0) report.warn("team.files-hold-keys", "team.filesHoldKeys");
    return {
      exitCode: counts.blocked > 0 || counts.failed > 0 ? ExitCode.failed : ExitCode.ok,
      result: {
        command: "team provision",
        dryRun: options.dryRun,
        outDir,
        manifest: manifestPath(outDir),
        format,
        members: outcomes,
        recovered: state.recovered,
        notInMembersFile,
        counts,
        options: given,
        guardrail,
        warnings: report.warnings,
      },
    };
  };
  if (options.dryRun) return work();
  try {
    return await withLock(ctx, outDir, async () => {
      // Checked again right before the chmod: the directory made or found is still the user's own.
      await checkOutDir(ctx, outDir, [MANIFEST_FILE]);
      if (platformModule(ctx.platform).posixModes) await ctx.fs.chmod(outDir, 0o700);
      return work();
    });
  } catch (error) {
    throw writeFailure(error);
  }
}

const ACTION_KEYS = {
  create: "team.action.create",
  rotate: "team.action.rotate",
  skip: "team.action.skip",
  delivered: "team.action.delivered",
  revoked: "team.action.revoked",
  blocked: "team.action.blocked",
  failed: "team.action.failed",
} as const;

export function render(ctx: Context, outcome: Outcome<ProvisionResult>): void {
  const r = outcome.result;
  const t = ctx.ui.t;
  const s = style(ctx);
  const lines: string[] = [];
  const headline = t(r.dryRun ? "team.provisionPlan" : "team.provisionDone", { path: r.outDir, format: r.format, ...r.counts });
  lines.push(`${r.counts.blocked + r.counts.failed > 0 ? s.symbols.warn : s.symbols.ok} ${headline}`, "");
  const rows = r.members.map((m) => {
    const action = t(r.dryRun && (m.action === "create" || m.action === "rotate") ? `team.plan.${m.action}` : ACTION_KEYS[m.action]);
    const colour =
      m.action === "blocked" || m.action === "failed"
        ? s.warn
        : m.action === "skip" || m.action === "delivered" || m.action === "revoked"
          ? s.dim
          : s.ok;
    return [
      m.name,
      colour(m.reason ? t("team.actionReason", { action, reason: t(`team.reason.${m.reason}`) }) : action),
      usdOrDash(m.limit),
      m.limit === null ? "-" : resetText(ctx, m.limitReset),
      m.file ?? "-",
    ];
  });
  lines.push(
    columns(ctx, [t("team.col.member"), t("team.col.result"), t("team.col.limit"), t("team.col.reset"), t("team.col.file")], rows, "  "),
  );
  lines.push("");
  for (const rec of r.recovered)
    lines.push(`${s.symbols.info} ${t(`team.recovered.${rec.action}`, { name: rec.name, hash: (rec.hash ?? "-").slice(0, 12) })}`);
  if (r.notInMembersFile.length > 0)
    lines.push(`${s.symbols.info} ${t("team.notInMembersFile", { names: r.notInMembersFile.join(", ") })}`);
  if (r.guardrail) lines.push(...guardrailLines(ctx, r.guardrail, r.dryRun));
  // A dry run writes no manifest: it names where one would go.
  lines.push(t(r.dryRun ? "team.manifestWouldBe" : "team.manifestAt", { path: r.manifest }));
  ctx.streams.stdout.write(`${lines.join("\n")}\n`);
}
