// export's input and destination: a value it cannot encode is a usage error naming it (masked
// when it is a key), never an internal error; an existing file is replaced only with --force; a
// symbolic link or a directory at the destination is never written through or replaced.
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useFakeOpenRouter } from "../helpers/fake-openrouter.js";
import { TEST_KEY } from "../helpers/fixtures.js";
import { runInProcess } from "../helpers/in-process.js";
import { expectKeyIn, type Sandbox, useSandboxes } from "../helpers/sandbox.js";

const newSandbox = useSandboxes();
const fake = useFakeOpenRouter();
const PLAIN = ["--key-placeholder", "--models", "anthropic/claude-sonnet-4.5", "--skip-key-check", "--json"];

function sandbox(): Sandbox {
  return newSandbox("linux", { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl });
}

type ErrorDoc = { ok: boolean; error: { code: string; message: string; hint: string } };

describe("export refuses what it cannot write, by name", () => {
  it("an organization name with a control character: exit 2 naming the value", async () => {
    const box = sandbox();
    const run = await runInProcess(["export", "--out", join(box.dir, "p.mobileconfig"), "--organization", "A\u0001B", ...PLAIN], box.env);
    expect(run.exitCode).toBe(2);
    const doc = run.json<ErrorDoc>();
    expect(doc.error.code).toBe("usage");
    expect(doc.error.message).toContain('"A\\u0001B"');
  });

  it("a key holding a NUL character: exit 2 naming the key masked, for .reg and every other format", async () => {
    const box = sandbox();
    const keyFile = expectKeyIn(join(box.dir, "key.txt"));
    writeFileSync(keyFile, `${TEST_KEY.slice(0, 30)}\u0000${TEST_KEY.slice(30)}\n`);
    for (const out of ["claude.reg", "claude.json"]) {
      const run = await runInProcess(
        [
          "export",
          "--out",
          join(box.dir, out),
          "--api-key-file",
          keyFile,
          "--models",
          "anthropic/claude-sonnet-4.5",
          "--skip-key-check",
          "--json",
        ],
        box.env,
      );
      expect(run.exitCode, out).toBe(2);
      const doc = run.json<ErrorDoc>();
      expect(doc.error.code).toBe("key.control");
      expect(doc.error.message).toContain("sk-or-v1-012...cdef");
    }
  });

  it("a directory at --out: exit 2, and the directory is left as it was", async () => {
    const box = sandbox();
    const dir = join(box.dir, "profiles.json");
    mkdirSync(dir);
    const run = await runInProcess(["export", "--out", dir, ...PLAIN], box.env);
    expect(run.exitCode).toBe(2);
    expect(run.json<ErrorDoc>().error.message).toContain(`${dir} is a directory`);
  });

  it("a destination that cannot be written is a typed failure naming the path and the cause", async () => {
    const box = sandbox();
    writeFileSync(join(box.dir, "not-a-dir"), "x");
    const out = join(box.dir, "not-a-dir", "claude.json");
    const run = await runInProcess(["export", "--out", out, ...PLAIN], box.env);
    expect(run.exitCode).toBe(1);
    expect(run.json<ErrorDoc>().error).toMatchObject({ code: "export.write-failed", message: expect.stringContaining("ENOTDIR") });
  });
});

describe("export never overwrites by surprise", () => {
  it("an existing file is kept without --force (exit 2) and replaced with it", async () => {
    const box = sandbox();
    const out = join(box.dir, "claude.json");
    writeFileSync(out, "precious\n");
    const refused = await runInProcess(["export", "--out", out, ...PLAIN], box.env);
    expect(refused.exitCode).toBe(2);
    expect(refused.json<ErrorDoc>().error.hint).toContain("--force");
    expect(readFileSync(out, "utf8")).toBe("precious\n");
    const forced = await runInProcess(["export", "--out", out, "--force", ...PLAIN], box.env);
    expect(forced.exitCode, forced.stdout).toBe(0);
    expect(JSON.parse(readFileSync(out, "utf8"))).toMatchObject({ inferenceProvider: "gateway" });
  });

  it("a symbolic link at --out is never written through, not even with --force", async () => {
    const box = sandbox();
    const target = join(box.dir, "elsewhere.json");
    writeFileSync(target, "the link's target\n");
    const link = join(box.dir, "claude.json");
    symlinkSync(target, link);
    const dangling = join(box.dir, "dangling.json");
    symlinkSync(join(box.dir, "nowhere", "x.json"), dangling);
    for (const out of [link, dangling]) {
      for (const force of [[], ["--force"]]) {
        const run = await runInProcess(["export", "--out", out, ...force, ...PLAIN], box.env);
        expect(run.exitCode, `${out} ${force}`).toBe(2);
        expect(run.json<ErrorDoc>().error.message).toContain("symbolic link");
      }
    }
    expect(readFileSync(target, "utf8")).toBe("the link's target\n");
  });

  it("in a terminal it asks first; no keeps the file (exit 130), yes replaces it", async () => {
    const box = sandbox();
    const out = join(box.dir, "claude.json");
    const terminal = { stdin: true, stdout: true, stderr: true };
    const plain = PLAIN.filter((a) => a !== "--json");
    writeFileSync(out, "precious\n");
    const no = await runInProcess(["export", "--out", out, ...plain], box.env, { tty: terminal, stdin: "n\n" });
    expect(no.stderr).toContain(`${out} already exists. Replace it?`);
    expect(no.exitCode).toBe(130);
    expect(readFileSync(out, "utf8")).toBe("precious\n");
    const yes = await runInProcess(["export", "--out", out, ...plain], box.env, { tty: terminal, stdin: "y\n" });
    expect(yes.exitCode, yes.stderr).toBe(0);
    expect(JSON.parse(readFileSync(out, "utf8"))).toMatchObject({ inferenceProvider: "gateway" });
  });
});
