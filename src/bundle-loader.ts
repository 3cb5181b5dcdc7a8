// Loads the bundle's own CommonJS files (dist/cli.js and dist/chunks/*) instead of Node's module
// loader, for start-up time:
// - The bundle only ever requires its own files by relative path, or Node's built-in modules. A
//   relative path is joined here; Node's loader would resolve it, `stat` and `realpath` it and
//   look up package.json scopes for each of the ~40 files a command loads.
// - Each file is compiled with V8's code cache: the compiled code is kept in a private directory
//   after a run and handed back to V8 on the next one, which then skips compiling. It is written
//   when the process exits, so it also holds the functions the run compiled lazily. Node 20 has no
//   compile cache of its own; Node 22's does not apply to code compiled through `vm`.
//
// Safety of the cache (compiled code loaded from a directory someone else can write would run as
// this user): it is used only in a directory of the user's own, writable by no one else, checked
// at every start (see privateDirectory). Its folder is named after the tool's version, a hash of
// the bundle's content made at build time and the Node version, so a cache is only ever given the
// source it was made from; V8 also rejects a cache made by another V8 or under other V8 flags, or
// for a source of another length. Each file records a checksum of its content, so a damaged file
// is not given to V8 (which does not check) but replaced. Files are written whole (a temporary file,
// then a rename), owner-only. NODE_DISABLE_COMPILE_CACHE turns the cache off.
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { Script } from "node:vm";

type Env = Record<string, string | undefined>;
type Require = (id: string) => unknown;

/** The header of a cache file: magic, then the cached data's CRC-32. */
const MAGIC = 0x31_4f_44_43; // "CDO1", little-endian
const HEADER_BYTES = 8;

/** What the loader did with each file, for tests and the bench. */
export interface LoaderReport {
  /** Files whose cached code V8 accepted. */
  fromCache: string[];
  /** Files compiled from source (no cache, or one that did not match). */
  compiled: string[];
  /** Cache files written. */
  written: string[];
}

interface PendingCache {
  script: Script;
  cacheFile: string;
}

interface CachedModule {
  exports: unknown;
  id: string;
  filename: string;
  loaded: boolean;
}

export interface BundleLoaderOptions {
  /** The bundle's root (dist/): only files under it are loaded here. */
  root: string;
  /** Node's require, for built-in modules (and zlib's CRC-32, v8 when flags change). */
  nodeRequire: Require;
  /** The cache directory to use, already checked to be private; null for none. */
  cacheDir: string | null;
}

export class BundleLoader {
  readonly report: LoaderReport = { fromCache: [], compiled: [], written: [] };
  private readonly modules = new Map<string, CachedModule>();
  private pending: PendingCache[] = [];
  /** Names the V8 flags the cache files of this run are made under ("" = Node's defaults). */
  private flagsTag = "";
  private crc32: ((data: Uint8Array) => number) | null = null;
  /** The root with a trailing separator: a file's cache name is its path after it. */
  private readonly rootPrefix: string;

  constructor(private readonly options: BundleLoaderOptions) {
    this.rootPrefix = options.root.endsWith(sep) ? options.root : options.root + sep;
  }

  /** The exports of a file of the bundle, loading it (and what it requires) on first use. */
  load(filename: string): unknown {
    const known = this.modules.get(filename);
    if (known) return known.exports;
    const module: CachedModule = { exports: {}, id: filename, filename, loaded: false };
    this.modules.set(filename, module);
    try {
      const run = this.compile(filename);
      const dir = dirname(filename);
      const require = (id: string) =>
        id.startsWith("./") || id.startsWith("../") ? this.load(this.resolve(dir, id)) : this.options.nodeRequire(id);
      run.call(module.exports, module.exports, require, module, filename, dir);
    } catch (error) {
      this.modules.delete(filename);
      throw error;
    }
    module.loaded = true;
    return module.exports;
  }

  /**
   * A relative path the bundle requires, as a file name. The bundle's own are "./file.js" and
   * "./chunks/file.js": joined as text (path.join's normalising cost more than the rest of a
   * require); anything else goes through path.join.
   */
  private resolve(dir: string, id: string): string {
    if (!id.startsWith("./") || id.includes("..") || id.includes("\\")) return join(dir, id);
    const rest = sep === "/" ? id.slice(2) : id.slice(2).replaceAll("/", sep);
    return dir.endsWith(sep) ? dir + rest : dir + sep + rest;
  }

  /**
   * Sets V8 flags mid-run. V8 rejects a code cache made under other flags, so what was compiled
   * so far is saved first, and the files compiled from now on are cached under a name of their own.
   */
  setV8Flags(flags: string): void {
    this.flush();
    (this.options.nodeRequire("node:v8") as typeof import("node:v8")).setFlagsFromString(flags);
    this.flagsTag += `${this.flagsTag ? "+" : ""}${flags.replace(/^-+/, "").replace(/[^a-z0-9]+/gi, "-")}`;
  }

  /** Writes the cache of every file compiled from source since the last flush. Never throws. */
  flush(): void {
    const pending = this.pending;
    this.pending = [];
    for (const { script, cacheFile } of pending) {
      const temp = `${cacheFile}.${process.pid}.tmp`;
      try {
        const data = script.createCachedData();
        const header = Buffer.alloc(HEADER_BYTES);
        header.writeUInt32LE(MAGIC, 0);
        header.writeUInt32LE(this.checksum(data), 4);
        writeFileSync(temp, Buffer.concat([header, data]), { mode: 0o600 });
        renameSync(temp, cacheFile);
        this.report.written.push(cacheFile);
      } catch {
        // The cache is an optimisation: a full disk or a read-only folder only costs the next start.
        rmSync(temp, { force: true });
      }
    }
  }

  private checksum(data: Uint8Array): number {
    this.crc32 ??= (this.options.nodeRequire("node:zlib") as typeof import("node:zlib")).crc32;
    return this.crc32(data);
  }

  /** The module's function: compiled with the cached code when it matches, else from source. */
  private compile(filename: string): (...args: unknown[]) => void {
    // The same wrapper Node uses, on one line, so that line numbers in stack traces stay right.
    const source = `(function (exports, require, module, __filename, __dirname) { ${readFileSync(filename, "utf8")}\n});`;
    const cacheDir = this.options.cacheDir;
    if (cacheDir === null) {
      this.report.compiled.push(filename);
      return new Script(source, { filename }).runInThisContext() as (...args: unknown[]) => void;
    }
    // The file's path under the bundle's root, as one name (path.relative resolves both paths: slow).
    const under = filename.startsWith(this.rootPrefix) ? filename.slice(this.rootPrefix.length) : relative(this.options.root, filename);
    const name = under.split(sep).join("_");
    const cacheFile = join(cacheDir, `${name}${this.flagsTag ? `.${this.flagsTag}` : ""}.cache`);
    const cachedData = this.cachedData(cacheFile);
    const script = new Script(source, { filename, ...(cachedData ? { cachedData } : {}) });
    if (cachedData && !script.cachedDataRejected) this.report.fromCache.push(filename);
    else {
      this.report.compiled.push(filename);
      this.pending.push({ script, cacheFile });
    }
    return script.runInThisContext() as (...args: unknown[]) => void;
  }

  /** The cached code in a file, or undefined when there is none or it is damaged. */
  private cachedData(cacheFile: string): Buffer | undefined {
    let file: Buffer;
    try {
      file = readFileSync(cacheFile);
    } catch {
      return undefined;
    }
    if (file.length <= HEADER_BYTES || file.readUInt32LE(0) !== MAGIC) return undefined;
    const data = file.subarray(HEADER_BYTES);
    return file.readUInt32LE(4) === this.checksum(data) ? data : undefined;
  }
}

/** Each system's folder for a user's caches. */
const CACHE_BASE: Partial<Record<NodeJS.Platform, (env: Env, home: string) => string | undefined>> = {
  win32: (env) => env.LOCALAPPDATA,
  darwin: (_env, home) => join(home, "Library", "Caches"),
};
const xdgCache = (env: Env, home: string) => (env.XDG_CACHE_HOME?.startsWith("/") ? env.XDG_CACHE_HOME : join(home, ".cache"));

/** The folder holding the code caches of every version: in the user's own cache folder, or null. */
export function codeCacheRoot(env: Env, platform: NodeJS.Platform, home: string): string | null {
  const base = (CACHE_BASE[platform] ?? xdgCache)(env, home);
  return base ? join(base, "claude-desktop-openrouter", "code-cache") : null;
}

/**
 * Whether a directory is safe to load compiled code from: a real directory (no link), and on
 * POSIX owned by this user and writable by no one else. Created (owner-only) when missing.
 */
export function privateDirectory(dir: string, uid: number | null): boolean {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = lstatSync(dir);
    if (!stat.isDirectory()) return false;
    return uid === null || (stat.uid === uid && (stat.mode & 0o022) === 0);
  } catch {
    return false;
  }
}

/** The folder's name for this build on this Node: caches are never shared between builds. */
export const cacheKey = (version: string, build: string, node: string, arch: string) => `${version}-${build}-node${node}-${arch}`;
const CACHE_KEY_SHAPE = /^[0-9][\w.+-]*-[0-9a-z]+-node[0-9][\w.]*-\w+$/;

/**
 * The private cache directory for this version and Node, or null when there is none to use.
 * A version's first run removes the caches other versions left (only folders named as ours are).
 */
export function codeCacheDir(root: string | null, key: string, uid: number | null): string | null {
  if (root === null) return null;
  const dir = join(root, key);
  let fresh = false;
  try {
    lstatSync(dir);
  } catch {
    fresh = true;
  }
  if (!privateDirectory(root, uid) || !privateDirectory(dir, uid)) return null;
  if (fresh) {
    try {
      for (const entry of readdirSync(root)) {
        if (entry !== key && CACHE_KEY_SHAPE.test(entry)) rmSync(join(root, entry), { recursive: true, force: true });
      }
    } catch {
      // Old caches left behind cost disk space only.
    }
  }
  return dir;
}
