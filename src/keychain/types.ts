// One interface, one module per OS: where the key lives when it is kept out of the entry (the
// macOS login Keychain, the Secret Service on Linux, a DPAPI-protected file on Windows), and the
// credential helper Claude Desktop runs to read it back (docs/keychain.md).
import type { Context } from "../core/context.js";
import type { MessageKey } from "../i18n/catalogue.js";
import { ENTRY_ID } from "../config/entry.js";

/** The item's service name in every store. */
export const KEYCHAIN_SERVICE = "claude-desktop-openrouter";
/** The item's account: the tool's entry id, so one entry has one item. */
export const KEYCHAIN_ACCOUNT = ENTRY_ID;
/** The item's label where the store shows one (Keychain Access, Seahorse). */
export const KEYCHAIN_LABEL = "Claude Desktop: OpenRouter API key";

/**
 * The helper's exit codes besides 0 (key printed), shared by every OS's helper and read by doctor:
 * the store did not answer, it is locked, the item is missing.
 */
export const HELPER_EXIT = { unavailable: 2, locked: 3, missing: 4 } as const;

/** How long a store tool may take: an unlock dialog may be waiting for the person. */
export const STORE_TIMEOUT_MS = 60_000;

export type StoreProblemKind = "missing" | "locked" | "unavailable";

export interface StoreProblem {
  kind: StoreProblemKind;
  /** What the store's tool said (one line, never the key). */
  detail: string;
}

export type StoreRead = { ok: true; key: string } | { ok: false; problem: StoreProblem };

export interface HelperFile {
  path: string;
  text: string;
}

/** The entry keys that name the helper. */
export interface HelperKeys {
  path: string;
  windowsPath?: string;
}

export interface KeyStoreModule {
  /** The store's name for people (a catalogue key). */
  name: MessageKey;
  /** The item as the plan and `show` name it (no secret). */
  itemLabel(ctx: Context): string;
  /** Whether the store can be used from here; why not, when it cannot. */
  probe(ctx: Context): Promise<{ available: true } | { available: false; detail: string }>;
  read(ctx: Context): Promise<StoreRead>;
  /** Puts the key in the store (on stdin, never in arguments); a problem when it could not. */
  write(ctx: Context, key: string): Promise<StoreProblem | null>;
  /** Removes the item; "missing" when there was none. */
  remove(ctx: Context): Promise<"removed" | "missing" | StoreProblem>;
  /** The helper files in the tool's state directory, the one the entry names first. Hold no secret. */
  helperFiles(ctx: Context, stateDir: string): HelperFile[];
  /** The entry keys naming the helper at this path. */
  helperKeys(path: string): HelperKeys;
  /** The helper the app runs for an entry on this OS (null: none named). */
  helperPathOf(settings: Record<string, unknown>): string | null;
  /** How to run a helper file the way the app does (a .cmd needs cmd.exe). */
  helperCommand(ctx: Context, path: string): { file: string; args: string[] };
  /** The command a person runs to remove the item by hand. */
  removeCommand(ctx: Context): string;
}
