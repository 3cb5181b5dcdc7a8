// The real file system behind the Context's promise interface, done with Node's synchronous calls.
// A one-shot CLI reads and writes a handful of small files, one after another: through
// node:fs/promises each call goes to libuv's thread pool (four threads started, and a wake-up of
// the event loop per call), which cost every run more than the calls themselves (start-up time,
// measured in docs/performance.md). The promises keep the interface, its errors (the same
// objects, as rejections) and the tests' fault injection unchanged.
import * as fs from "node:fs";
import type { FileSystem, OpenFile } from "./context.js";

/** A synchronous call as a promise: its result, or its error as a rejection. */
const later =
  <A extends unknown[], R>(call: (...args: A) => R) =>
  (...args: A): Promise<R> =>
    new Promise((resolve) => resolve(call(...args)));

class SyncOpenFile implements OpenFile {
  constructor(private readonly fd: number) {}
  writeFile = later((data: string | Uint8Array) => fs.writeFileSync(this.fd, data));
  chmod = later((mode: number) => fs.fchmodSync(this.fd, mode));
  sync = later(() => fs.fsyncSync(this.fd));
  close = later(() => fs.closeSync(this.fd));
  stat = later(() => fs.fstatSync(this.fd));
  chown = later((uid: number, gid: number) => fs.fchownSync(this.fd, uid, gid));
  read = later((buffer: Buffer, offset: number, length: number, position: number | null) => ({
    bytesRead: fs.readSync(this.fd, buffer, offset, length, position),
    buffer,
  }));
}

export const syncFileSystem: FileSystem = {
  readFile: later(fs.readFileSync) as FileSystem["readFile"],
  writeFile: later(fs.writeFileSync) as FileSystem["writeFile"],
  open: later((path: string, flags?: string | number, mode?: number) => new SyncOpenFile(fs.openSync(path, flags ?? "r", mode))),
  rename: later(fs.renameSync),
  unlink: later(fs.unlinkSync),
  mkdir: later(fs.mkdirSync) as FileSystem["mkdir"],
  stat: later(fs.statSync) as FileSystem["stat"],
  lstat: later(fs.lstatSync) as FileSystem["lstat"],
  readdir: later(fs.readdirSync) as FileSystem["readdir"],
  chmod: later(fs.chmodSync),
  rm: later(fs.rmSync),
  copyFile: later(fs.copyFileSync),
  readlink: later(fs.readlinkSync) as FileSystem["readlink"],
  realpath: later(fs.realpathSync) as FileSystem["realpath"],
  link: later(fs.linkSync),
  lchown: later(fs.lchownSync),
};
