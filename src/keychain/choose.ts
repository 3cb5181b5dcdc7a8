// Where setup keeps the key: --key-storage, else the wizard's answer (the keychain recommended
// where the OS store answers), else where our entry keeps it now ("file" for an entry that holds
// its key, and for a first run: scripts see no change).
import type { Context } from "../core/context.js";
import type { CliError } from "../core/errors.js";
import { type JsonReads, readJson } from "../config/json-reads.js";
import { entryPath } from "../config/library-paths.js";
import type { DataDir } from "../platform/types.js";
import { outputWidth, style, wrapHuman } from "../render/style.js";
import type { Prompts } from "../wizard/prompts.js";
import { keyError, keyStore, usesOurHelper } from "./index.js";
import type { KeyStorage } from "./plan.js";

export interface KeyStorageInput {
  /** --key-storage, when given. */
  option?: KeyStorage | undefined;
  dataDirs: DataDir[];
  stateDir: string;
  /** The run's reads of our entry, when it has them. */
  reads?: JsonReads;
  /** A person answers questions (the wizard). */
  ask: boolean;
  /** Our entry exists: the wizard preselects where its key is now. */
  rerun?: boolean;
  prompts?: Prompts;
}

/** Where our entry keeps its key now: "keychain" when any copy names our helper. */
export async function currentKeyStorage(ctx: Context, dataDirs: DataDir[], stateDir: string, reads?: JsonReads): Promise<KeyStorage> {
  for (const dir of dataDirs) {
    const read = await readJson(ctx, entryPath(dir.path), { own: true }, reads).catch(() => undefined);
    if (read && "value" in read && usesOurHelper(ctx, read.value, stateDir)) return "keychain";
  }
  return "file";
}

function unavailableError(ctx: Context, detail: string): CliError {
  return keyError(ctx, { code: "unavailable", detail });
}

export async function chooseKeyStorage(ctx: Context, input: KeyStorageInput): Promise<KeyStorage> {
  const current = await currentKeyStorage(ctx, input.dataDirs, input.stateDir, input.reads);
  if (input.option === "file" || (!input.ask && (input.option ?? current) === "file")) return "file";
  const store = keyStore(ctx);
  const storeName = ctx.ui.t(store.name);
  const probe = await store.probe(ctx);
  if (!probe.available) {
    if (!input.ask) throw unavailableError(ctx, probe.detail);
    // The wizard says why, and the key stays in the file (asked only when the keychain was asked for).
    const warning = `${style(ctx).symbols.warn} ${ctx.ui.t("keychain.wizard.unavailable", { store: storeName, detail: probe.detail })}`;
    ctx.streams.stderr.write(`${wrapHuman(warning, outputWidth(ctx))}\n`);
    if (input.option !== "keychain") return "file";
    const prompts = input.prompts ?? (await (await import("../wizard/prompts.js")).loadPrompts(ctx));
    if (await prompts.confirm({ message: ctx.ui.t("keychain.wizard.useFile"), default: true })) return "file";
    throw unavailableError(ctx, probe.detail);
  }
  if (input.option === "keychain" || !input.ask) return "keychain";
  const prompts = input.prompts ?? (await (await import("../wizard/prompts.js")).loadPrompts(ctx));
  const t = ctx.ui.t;
  return prompts.select<KeyStorage>({
    message: t("keychain.wizard.message"),
    choices: [
      { value: "keychain", name: t("keychain.wizard.keychain", { store: storeName }), description: t("keychain.wizard.keychainHelp") },
      { value: "file", name: t("keychain.wizard.file"), description: t("keychain.wizard.fileHelp") },
    ],
    default: input.rerun ? current : "keychain",
  });
}
