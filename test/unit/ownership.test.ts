// The ownership rule (src/core/ownership.ts) on its own: whose a written file must be for every
// kind of run, and how folders are made (one at a time, never the home, never on /proc, at most
// 32), counted on a recording file system rather than timed.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Context, FileSystem } from "../../src/core/context.js";
import { CliError } from "../../src/core/errors.js";
import { syncFileSystem } from "../../src/core/node-fs.js";
import { insideHome, makeDirs, ownerFor } from "../../src/core/ownership.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A context whose home stat says `home` owns it; the rest of the file system is real. */
function ctxFor(uid: number | null, homeOwner: { uid: number; gid: number }, home = "/home/alice") {
  const fs: FileSystem = {
    ...syncFileSystem,
    stat: (async (path: string) =>
      path === home
        ? { uid: homeOwner.uid, gid: homeOwner.gid, isDirectory: () => true }
        : syncFileSystem.stat(path)) as FileSystem["stat"],
  };
  return { fs, home, uid } satisfies Pick<Context, "fs" | "home" | "uid">;
}

const ALICE = { uid: 4242, gid: 4343 };
const BOB = { uid: 5555, gid: 5555 };

describe("ownerFor", () => {
  it("root for a user: a new file in the home is the home's owner's, a replaced one keeps its owner, outside the home root's own", async () => {
    const ctx = ctxFor(0, ALICE);
    expect(await ownerFor(ctx, "/home/alice/.config/x.json", null)).toEqual(ALICE);
    expect(await ownerFor(ctx, "/home/alice/.config/x.json", BOB)).toEqual(BOB);
    expect(await ownerFor(ctx, "/tmp/export.reg", null)).toBeNull();
    // Root's own file in the user's home (an earlier root run's) is given back to the user.
    expect(await ownerFor(ctx, "/home/alice/.config/x.json", { uid: 0, gid: 0 })).toEqual(ALICE);
    expect(await ownerFor(ctx, "/tmp/x.json", { uid: 0, gid: 0 })).toEqual({ uid: 0, gid: 0 });
    // A sibling whose name starts like the home is not inside it.
    expect(await ownerFor(ctx, "/home/alicex/file", null)).toBeNull();
  });

  it("root in its own home: nothing to change for a new file", async () => {
    expect(await ownerFor(ctxFor(0, { uid: 0, gid: 0 }, "/root"), "/root/.config/x", null)).toBeNull();
  });

  it("a user in their own home: the OS default is right; another user's file is refused", async () => {
    const ctx = ctxFor(ALICE.uid, ALICE);
    expect(await ownerFor(ctx, "/home/alice/x", null)).toBeNull();
    expect(await ownerFor(ctx, "/home/alice/x", ALICE)).toBeNull();
    const error = await ownerFor(ctx, "/home/alice/x", BOB).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).code).toBe("write.foreign-owner");
    expect((error as CliError).params).toMatchObject({ path: "/home/alice/x", owner: BOB.uid, uid: ALICE.uid });
  });

  it("a user in another user's home: a new file there is refused, naming the home", async () => {
    const error = await ownerFor(ctxFor(ALICE.uid, BOB), "/home/alice/.config/x", null).catch((e: unknown) => e);
    expect((error as CliError).code).toBe("write.foreign-owner");
    expect((error as CliError).params).toMatchObject({ path: "/home/alice", owner: BOB.uid });
  });

  it("no POSIX owners (Windows): nothing to do", async () => {
    expect(await ownerFor(ctxFor(null, BOB), "/home/alice/x", BOB)).toBeNull();
  });

  it("insideHome: the home itself and below, nothing beside or above", () => {
    const ctx = { home: "/home/alice" };
    expect(insideHome(ctx, "/home/alice")).toBe(true);
    expect(insideHome(ctx, "/home/alice/a/b")).toBe(true);
    expect(insideHome(ctx, "/home/alice2")).toBe(false);
    expect(insideHome(ctx, "/home")).toBe(false);
  });
});

describe("makeDirs", () => {
  /** The real file system, recording every mkdir. */
  function recording(home: string) {
    const made: string[] = [];
    const fs: FileSystem = {
      ...syncFileSystem,
      mkdir: (async (path: string, options: unknown) => {
        made.push(path);
        return syncFileSystem.mkdir(path, options as never);
      }) as FileSystem["mkdir"],
    };
    return { ctx: { fs, home, uid: process.getuid?.() ?? null }, made };
  }

  it("makes each missing folder once, owner-only, from the nearest existing one down", async () => {
    const home = mkdtempSync(join(tmpdir(), "cdo-own-"));
    dirs.push(home);
    const { ctx, made } = recording(home);
    await makeDirs(ctx, join(home, "a", "b", "c"), 0o700);
    expect(made).toEqual([join(home, "a"), join(home, "a", "b"), join(home, "a", "b", "c")]);
    for (const dir of made) expect(statSync(dir).mode & 0o777).toBe(0o700);
    await makeDirs(ctx, join(home, "a", "b", "c"), 0o700);
    expect(made).toHaveLength(3);
  });

  it("never on /proc, /sys or /dev: refused with no mkdir at all", async () => {
    for (const path of ["/proc/self/x/y", "/sys/kernel/x", "/dev/x/y"]) {
      const { ctx, made } = recording("/nonexistent-home");
      const error = await makeDirs(ctx, path, 0o700).catch((e: unknown) => e);
      expect((error as NodeJS.ErrnoException).code, path).toBe("pseudo-fs");
      expect(made, path).toEqual([]);
    }
  });

  it("never the home itself: a HOME that does not exist is home.missing, with no mkdir", async () => {
    const base = mkdtempSync(join(tmpdir(), "cdo-own-"));
    dirs.push(base);
    const home = join(base, "nonexistent", "x");
    const { ctx, made } = recording(home);
    const error = await makeDirs(ctx, join(home, ".local", "state"), 0o700).catch((e: unknown) => e);
    expect((error as CliError).code).toBe("home.missing");
    expect(made).toEqual([]);
  });

  it("at most 32 missing folders for one path", async () => {
    const home = mkdtempSync(join(tmpdir(), "cdo-own-"));
    dirs.push(home);
    const { ctx, made } = recording(home);
    const deep = join(home, ...Array.from({ length: 40 }, (_, i) => `d${i}`));
    const error = await makeDirs(ctx, deep, 0o700).catch((e: unknown) => e);
    expect((error as NodeJS.ErrnoException).code).toBe("ENOENT");
    expect(made).toEqual([]);
  });
});
