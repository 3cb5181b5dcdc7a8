// checkWritable: before a sign-in, each directory setup writes in (or its nearest existing parent)
// must take a new file; the probe file is removed, and a refusal names the directory.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Context } from "../../src/core/context.js";
import { syncFileSystem } from "../../src/core/node-fs.js";
import { checkWritable } from "../../src/core/writable.js";

let dir = "";
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function ctxWith(fs: Context["fs"]): Context {
  return { fs, pid: 4242 } as unknown as Context;
}

describe("checkWritable", () => {
  it("passes for a directory and for one still to be created under it, leaving nothing behind", async () => {
    dir = mkdtempSync(join(tmpdir(), "writable-"));
    await checkWritable(ctxWith(syncFileSystem), [dir, join(dir, "a", "b")]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("a directory that refuses a new file is a files.unwritable error naming it", async () => {
    dir = mkdtempSync(join(tmpdir(), "writable-"));
    const refusing = {
      ...syncFileSystem,
      open: () => Promise.reject(Object.assign(new Error("EACCES: permission denied"), { code: "EACCES" })),
    } as Context["fs"];
    await expect(checkWritable(ctxWith(refusing), [join(dir, "new")])).rejects.toMatchObject({
      code: "files.unwritable",
      params: { path: dir },
    });
  });
});
