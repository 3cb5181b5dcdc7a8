// The one way the tool reads a file: only a regular file (a FIFO, a device, a folder is refused
// before a byte is read, so /dev/zero or a named pipe cannot hang or fill the machine), never
// more than a limit for that kind of file, and, for the tool's own files (its entry, state,
// lock, backups), without following a symbolic link in the last part of the path.
// docs/safety.md#limits-on-what-the-tool-reads lists the limits.
import { constants, type Stats } from "node:fs";
import type { Readable } from "node:stream";
import type { Context } from "./context.js";

/** The most the tool reads of each kind of file, in bytes. */
export const READ_LIMITS = {
  /** A key file or a key on stdin: a key is under 100 characters. */
  key: 16 * 1024,
  /** A configuration file (the app's, our entry, state.json, a backup's copy, a manifest). */
  config: 8 * 1024 * 1024,
  /** The team's members file. */
  members: 4 * 1024 * 1024,
  /** The lock: a PID and three short values. */
  lock: 4 * 1024,
} as const;

/** Open flags: never block on a FIFO's open (it is refused after fstat), optionally no final symlink. */
function readFlags(noFollow: boolean): number {
  return constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (noFollow ? (constants.O_NOFOLLOW ?? 0) : 0);
}

/** An error whose code osReason() words ("not-a-file", "too-large", "symlink"). */
function refusal(code: "not-a-file" | "too-large" | "symlink", path: string, limit?: number): Error {
  return Object.assign(new Error(`${code}: ${path}`), { code, ...(limit !== undefined ? { limit } : {}) });
}

export interface ReadOptions {
  /** Bytes; a bigger file is refused with code "too-large". */
  limit: number;
  /** The tool's own file: a symbolic link in its place is refused (code "symlink"), not followed. */
  noFollow?: boolean;
}

/**
 * The bytes of a regular file, at most `limit`. OS errors pass through as they are (ENOENT, EACCES…);
 * a file of another kind throws code "not-a-file" (EISDIR for a folder), a bigger one "too-large",
 * a symbolic link where noFollow forbids one "symlink".
 */
export async function readRegularFile(ctx: Pick<Context, "fs">, path: string, options: ReadOptions): Promise<Buffer> {
  return (await readRegularFileStat(ctx, path, options)).bytes;
}

/** readRegularFile, with the file's status as read from the very file that was read. */
export async function readRegularFileStat(
  ctx: Pick<Context, "fs">,
  path: string,
  options: ReadOptions,
): Promise<{ bytes: Buffer; stat: Stats }> {
  const noFollow = options.noFollow === true;
  let handle: Awaited<ReturnType<Context["fs"]["open"]>>;
  try {
    handle = await ctx.fs.open(path, readFlags(noFollow));
  } catch (error) {
    // O_NOFOLLOW reports a final symbolic link as ELOOP (EMLINK on FreeBSD).
    const code = (error as NodeJS.ErrnoException).code;
    if (noFollow && (code === "ELOOP" || code === "EMLINK")) {
      const isLink = await ctx.fs
        .lstat(path)
        .then((s) => s.isSymbolicLink())
        .catch(() => false);
      if (isLink) throw refusal("symlink", path);
    }
    throw error;
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw Object.assign(new Error(`EISDIR: ${path}`), { code: "EISDIR" });
    if (!stat.isFile()) throw refusal("not-a-file", path);
    if (stat.size > options.limit) throw refusal("too-large", path, options.limit);
    // Read until the end, never past limit + 1 bytes (a file may grow while it is read).
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buffer = Buffer.alloc(Math.min(64 * 1024, options.limit + 1 - total));
      if (buffer.length === 0) throw refusal("too-large", path, options.limit);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      chunks.push(buffer.subarray(0, bytesRead));
      total += bytesRead;
    }
    return { bytes: Buffer.concat(chunks, total), stat };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** readRegularFile, with null for a file that does not exist. */
export async function readRegularFileIfAny(ctx: Pick<Context, "fs">, path: string, options: ReadOptions): Promise<Buffer | null> {
  try {
    return await readRegularFile(ctx, path, options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/** A stream read to its end, at most `limit` bytes (code "too-large" past it, and reading stops). */
export async function readStreamLimited(stream: Readable, limit: number, name: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    total += bytes.length;
    if (total > limit) {
      stream.destroy();
      throw refusal("too-large", name, limit);
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks, total);
}

/** A limit in people's units (16 KB, 8 MB). */
export function formatLimit(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round(bytes / (1024 * 1024))} MB`;
  return `${Math.round(bytes / 1024)} KB`;
}
