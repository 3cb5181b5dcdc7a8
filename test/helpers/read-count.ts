// Counts how often a run reads each file before its first write, through the in-process
// runner's file system hook (runInProcess's `fs`).
import type { FileSystem } from "../../src/core/context.js";

/** Reads of each file, before and after the run's first write (the lock, for a run that writes). */
export interface Reads {
  beforeWrite: Map<string, number>;
  wrote: boolean;
}

/** A file system that counts the opens for reading and the whole-file reads of each path. */
export function countingReads(reads: Reads): (real: FileSystem) => FileSystem {
  const read = (path: unknown) => {
    if (reads.wrote) return;
    const key = String(path);
    reads.beforeWrite.set(key, (reads.beforeWrite.get(key) ?? 0) + 1);
  };
  return (real) => ({
    ...real,
    open: (path, flags, mode) => {
      if (typeof flags === "string" && /[wa+]/.test(flags)) reads.wrote = true;
      else read(path);
      return real.open(path, flags, mode);
    },
    link: (existing, path) => {
      reads.wrote = true;
      return real.link(existing, path);
    },
    readFile: ((path: Parameters<FileSystem["readFile"]>[0], ...rest: unknown[]) => {
      read(path);
      return (real.readFile as (...args: unknown[]) => unknown)(path, ...rest);
    }) as FileSystem["readFile"],
  });
}

/** A fresh count. */
export function newReads(): Reads {
  return { beforeWrite: new Map(), wrote: false };
}
