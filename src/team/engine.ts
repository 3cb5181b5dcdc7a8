// The resumable team engine behind `team provision`: one capped OpenRouter key per member, each
// in its own rollout file, and a key-free manifest saved after every step. Before each create the
// manifest says so, after it the new key's hash, after the file the member is done; a run cut
// anywhere is finished by the next one without a duplicate live key.
import { join } from "node:path";
import type { Context } from "../core/context.js";
import { CliError } from "../core/errors.js";
import type { ExitCodeValue } from "../core/exit-codes.js";
import { osReason } from "../core/os-error.js";
import { exists } from "../core/paths.js";
import { atomicWrite } from "../core/atomic-write.js";
import { buildExportFile } from "../export/file.js";
import type { TeamProfile } from "./profile.js";
import { HttpStatusError } from "../openrouter/http-errors.js";
import { maskKey } from "../openrouter/key.js";
import { createKey, isKeyGone, listKeys, updateKey, type LimitReset, type ManagedKey } from "../openrouter/management.js";
import type { Report } from "../render/report.js";
import { knownHashes, newMember, writeManifest, type Manifest, type ManifestMember } from "./manifest.js";
import { plan, sameName, type MemberOutcome, type Planned } from "./member-plan.js";
import { nameIdentity, type Member } from "./members.js";
import { sha256 } from "../core/digest.js";

export interface Recovery {
  name: string;
  hash: string | null;
  /** disabled: an orphan of an interrupted create, or a replaced key; completed: a create whose file was already written. */
  action: "disabled" | "completed";
}

/** Saves the run's manifest. */
export const saveRun = (run: TeamRun) => writeManifest(run.ctx, run.outDir, run.manifest);

/**
 * Keys a create in flight may have left: its own hash once known; otherwise every live key of
 * that name the manifest does not know and that was not there before the create.
 */
function orphansOf(entry: ManifestMember, keys: ManagedKey[], known: Set<string>): ManagedKey[] {
  const pending = entry.pending;
  if (!pending) return [];
  if (pending.hash) return keys.filter((k) => k.hash === pending.hash && !k.disabled);
  return keys.filter((k) => sameName(k, entry.keyName) && !k.disabled && !pending.keep.includes(k.hash) && !known.has(k.hash));
}

async function disable(run: TeamRun, hash: string): Promise<void> {
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
async function retireKeys(run: TeamRun, entry: ManifestMember): Promise<string[]> {
  const done: string[] = [];
  for (const hash of [...entry.retire]) {
    if (run.keys.some((k) => k.hash === hash && !k.disabled)) await disable(run, hash);
    entry.retire = entry.retire.filter((h) => h !== hash);
    if (!entry.retired.includes(hash)) entry.retired.push(hash);
    done.push(hash);
    await saveRun(run);
  }
  return done;
}

/** Records the new key as the member's (manifest first), then puts the staged file in place. */
async function commit(
  run: TeamRun,
  entry: ManifestMember,
  record: ManagedKey,
  label: string,
  file: string,
  replaces: string[],
): Promise<void> {
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
  entry.digest = sha256(await run.ctx.fs.readFile(join(run.outDir, pending.staged)));
  pending.committed = true;
  await saveRun(run);
  await run.ctx.fs.rename(join(run.outDir, pending.staged), join(run.outDir, file));
  entry.pending = null;
  await saveRun(run);
}

/** Finishes what an interrupted run left for one manifest member (any member, in the CSV or not). */
async function recover(run: TeamRun, entry: ManifestMember): Promise<void> {
  const pending = entry.pending;
  if (pending) {
    const staged = join(run.outDir, pending.staged);
    const stagedExists = await exists(run.ctx, staged);
    const created = pending.hash ? run.keys.find((k) => k.hash === pending.hash && !k.disabled) : undefined;
    if (pending.committed) {
      if (stagedExists && entry.file) await run.ctx.fs.rename(staged, join(run.outDir, entry.file));
      entry.pending = null;
      await saveRun(run);
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
        await saveRun(run);
        run.recovered.push({ name: entry.name, hash: orphan.hash, action: "disabled" });
      }
      if (pending.hash && !entry.retired.includes(pending.hash)) entry.retired.push(pending.hash);
      await run.ctx.fs.rm(staged, { force: true });
      entry.pending = null;
      await saveRun(run);
    }
  }
  for (const hash of await retireKeys(run, entry)) run.recovered.push({ name: entry.name, hash, action: "disabled" });
}

/** A create OpenRouter refused outright (4xx other than rate limiting): nothing was made. */
function refusedOutright(error: unknown): error is HttpStatusError {
  return error instanceof HttpStatusError && error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429;
}

/** Creates (or, rotating, replaces) one member's key and writes its file. */
async function issue(run: TeamRun, item: Planned): Promise<void> {
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
  await saveRun(run);

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
    await saveRun(run);
    Object.assign(result, { action: "failed", file: null, error: `${error.status} ${error.serverMessage}`.trim() });
    return;
  }
  const record = created.record;
  entry.pending.hash = record.hash;
  run.keys.push(record);
  await saveRun(run);

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
      await saveRun(run);
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

/** A file of the out-dir that could not be written (disk full, permissions): the user's to fix, not a defect. */
export function writeFailure(error: unknown): unknown {
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
export function interrupted(ctx: Context, name: string, failure: unknown): unknown {
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

/** One run's state: the manifest is saved after every step. */
export interface TeamRun {
  ctx: Context;
  report: Report;
  /** The management key. */
  key: string;
  outDir: string;
  /** Saved after every step (not in a dry run). */
  manifest: Manifest;
  /** OpenRouter's keys, kept current as keys are made and disabled. */
  keys: ManagedKey[];
  /** The file every member gets, but for the key. */
  profile: TeamProfile;
  recovered: Recovery[];
}

/** Starts a run: OpenRouter's keys listed once. */
export async function openRun(input: Omit<TeamRun, "keys" | "recovered">): Promise<TeamRun> {
  const { ctx, report, key } = input;
  return { ...input, keys: await report.step("step.teamListKeys", () => listKeys(ctx, key)), recovered: [] };
}

/**
 * The engine's work for a run: what an interrupted run left is finished first, then each member
 * is planned from the manifest, OpenRouter's keys and the files on disk, and (unless dryRun) every
 * create or rotation is carried out, the manifest saved before and after each step.
 * `rotate`: name identities (nameIdentity) of the members whose key is replaced.
 */
export async function provisionMembers(state: TeamRun, members: Member[], rotate: Set<string>, dryRun: boolean): Promise<MemberOutcome[]> {
  const { ctx, outDir, manifest } = state;
  const ignore = new Set<string>();
  if (dryRun) {
    const known = knownHashes(manifest);
    for (const entry of Object.values(manifest.members)) for (const orphan of orphansOf(entry, state.keys, known)) ignore.add(orphan.hash);
  } else {
    await saveRun(state);
    for (const entry of Object.values(manifest.members)) await recover(state, entry);
  }
  const planned: Planned[] = [];
  const undigested = Object.values(manifest.members).filter((m) => m.status === "active" && m.digest === null).length;
  for (const member of members)
    planned.push(await plan(ctx, outDir, manifest, state.keys, member, rotate.has(nameIdentity(member.name)), ignore));
  // Digests recorded for files a manifest of an earlier version did not have them for.
  const recorded = Object.values(manifest.members).filter((m) => m.status === "active" && m.digest === null).length < undigested;
  if (recorded && !dryRun) await saveRun(state);
  if (!dryRun) {
    for (const item of planned) {
      if (item.outcome.action !== "create" && item.outcome.action !== "rotate") continue;
      try {
        await issue(state, item);
      } catch (error) {
        throw interrupted(ctx, item.outcome.name, error);
      }
    }
  }
  return planned.map((p) => p.outcome);
}
