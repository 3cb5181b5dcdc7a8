// The one door to the outside world. Commands and the core receive a Context and never touch
// process.*, the real file system or the network directly, so tests can swap any part of it.
import type { Stats } from "node:fs";
import type * as fsp from "node:fs/promises";
import type { Readable, Writable } from "node:stream";
import type { MessageKey, MessageParams, Phrase } from "../i18n/catalogue.js";

export type PlatformId = "darwin" | "win32" | "linux";
export type Env = Record<string, string | undefined>;

/** What the tool does with an open file (a subset of node:fs/promises' FileHandle). */
export interface OpenFile {
  writeFile(data: string | Uint8Array): Promise<void>;
  chmod(mode: number): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
  stat(): Promise<Stats>;
  read(buffer: Buffer, offset: number, length: number, position: number | null): Promise<{ bytesRead: number }>;
  /** fchown: gives the open file to a user (a root run for that user). */
  chown(uid: number, gid: number): Promise<void>;
}

/**
 * The subset of node:fs/promises the tool uses (src/core/node-fs.ts implements it for real; tests
 * wrap it to inject failures).
 */
export type FileSystem = {
  /** flags: a string ("wx") or open(2) flags (O_NOFOLLOW, O_NONBLOCK: src/core/safe-read.ts). */
  open(path: string, flags?: string | number, mode?: number): Promise<OpenFile>;
} & Pick<
  typeof fsp,
  | "readFile"
  | "writeFile"
  | "rename"
  | "unlink"
  | "mkdir"
  | "stat"
  | "lstat"
  | "readdir"
  | "chmod"
  | "rm"
  | "copyFile"
  | "readlink"
  | "realpath"
  | "link"
  | "lchown"
>;

export interface OutputStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface Streams {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable & OutputStream;
  stderr: Writable & OutputStream;
  /** The real stdout without secret redaction: only for an export file sent to stdout (`export --out -`). */
  rawStdout?: { write(chunk: Uint8Array | string): unknown; isTTY?: boolean };
}

export interface Clock {
  now(): Date;
  sleep(ms: number): Promise<void>;
  /** When the machine last booted, when known: a lock written before it is stale. */
  bootTime?(): Date | null;
}

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  failed: boolean;
  /** Set when the program could not be started at all (missing binary). */
  notFound?: boolean;
  /** Set when the program was stopped because it ran past its timeout. */
  timedOut?: boolean;
}

export interface RunOptions {
  timeoutMs?: number;
  input?: string;
  /** Extra variables on top of the minimal child environment (never a secret). */
  env?: Record<string, string>;
  /**
   * Run it in a process group of its own and stop the whole group on timeout: a script's own
   * children would otherwise hold its output open (a credential helper waiting on a dialog).
   */
  group?: boolean;
}

export interface SpawnDetachedOptions {
  /** Extra variables on top of the minimal child environment (never a secret). */
  env?: Record<string, string>;
  /** Told how the program ended, if it ends while the tool still runs (a browser opener that failed). */
  onExit?: (exitCode: number | null) => void;
}

/** Runs a program by absolute path, never through a shell, with a minimal environment. */
export interface ProcessRunner {
  run(file: string, args: string[], options?: RunOptions): Promise<RunResult>;
  isAlive(pid: number): boolean;
  /**
   * Starts a program detached from the terminal (new session, stdio ignored, unref'd) so it
   * survives the tool's exit. Resolves with its PID once it started; rejects when it could not.
   */
  spawnDetached?(file: string, args: string[], options?: SpawnDetachedOptions): Promise<number>;
  /** Sends a signal to a real process; false when it does not exist (or may not be signalled). */
  signal?(pid: number, signal: NodeJS.Signals): boolean;
  /**
   * When the process with this PID started, as the platform's OS module reads it (Linux /proc,
   * macOS ps, Windows Get-Process); null when unknown. A PID now used by another program started
   * at another time.
   */
  startTime?(pid: number): Promise<Date | null>;
}

export interface Ui {
  json: boolean;
  verbose: boolean;
  color: boolean;
  /** True when prompts may be shown: stdin and stdout are terminals and --yes was not given. */
  readonly interactive: boolean;
  yes: boolean;
  /** A message in the run's language; a phrase (plural(), an OS error's reason) carries its own parameters. */
  t(key: MessageKey | Phrase, params?: MessageParams): string;
}

/** Global options that change where the tool looks or what it writes. */
export interface GlobalSettings {
  /** --config-dir or CLAUDE_USER_DATA_DIR: the one 3P data directory, overriding discovery. */
  configDir?: string;
  /** The gateway base URL written for Claude Desktop (--base-url). */
  baseUrl: string;
  /** Where the tool's own API calls go: <baseUrl>/v1 unless the test seam overrides it. */
  apiUrl: string;
  /** Deadline of one HTTP request in ms (default 15 s; CLAUDE_DESKTOP_OPENROUTER_HTTP_TIMEOUT_MS). */
  httpTimeoutMs?: number;
}

/** What the entry hands to the Context builder: the parsed global options and the run's streams. */
export interface ContextBase {
  env: Env;
  ui: Ui;
  settings: GlobalSettings;
  secrets: Set<string>;
  /** Shared with the redacting streams (absent: a new, empty set). */
  publicValues?: Set<string>;
  /** The streams of the run, already redacting (rawStdout: the real stdout, for `export --out -`). */
  streams: Streams;
}

export interface Context {
  platform: PlatformId;
  settings: GlobalSettings;
  env: Env;
  home: string;
  /** Fake system root prefixed to absolute system paths (empty string on a real system). */
  root: string;
  pid: number;
  /** The user id the tool runs as (POSIX); null where there is none. */
  uid: number | null;
  /** This machine's name (os.hostname()): it names the key sign-in creates. */
  hostname?: string;
  /**
   * Runs `last` if the run is interrupted (Ctrl-C, SIGINT/SIGTERM) before the returned release is
   * called, then ends the run with 130: the last word about something the run made (a key).
   */
  onInterrupt?: (last: () => void) => () => void;
  fs: FileSystem;
  proc: ProcessRunner;
  clock: Clock;
  streams: Streams;
  ui: Ui;
  /** Secrets seen in this run (the API key): every stream the tool writes to redacts them. */
  secrets: Set<string>;
  /**
   * Values the tool knows are not secrets although they look like random tokens (a key's hash,
   * OpenRouter's id for it; a sign-in's public code challenge): the streams show them as they are.
   * A known credential shape (sk-or-…) is masked even here.
   */
  publicValues: Set<string>;
}
