// The test seams are read and validated in one place: a seam that is set but wrong is a usage
// error naming the variable, whatever command reads it, never a silent fallback to the default.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readSeams, SEAM_NAMES } from "../../src/core/seams.js";
import { runInProcess } from "../helpers/in-process.js";
import { useSandboxes } from "../helpers/sandbox.js";

const newSandbox = useSandboxes();

describe("test seams", () => {
  it("are parsed the same way: durations are numbers greater than 0, the platform one of three", () => {
    expect(
      readSeams({
        [SEAM_NAMES.platform]: "win32",
        [SEAM_NAMES.quitSeconds]: "0.5",
        [SEAM_NAMES.confirmSeconds]: "3",
        [SEAM_NAMES.httpTimeoutMs]: "800",
        [SEAM_NAMES.doctorTimeoutMs]: "300",
        [SEAM_NAMES.apiUrl]: "http://127.0.0.1:9/api/v1",
        [SEAM_NAMES.root]: "/tmp/root",
        [SEAM_NAMES.loginTimeoutMs]: "600",
        [SEAM_NAMES.callbackPort]: "8765",
      }),
    ).toEqual({
      platform: "win32",
      quitSeconds: 0.5,
      confirmSeconds: 3,
      httpTimeoutMs: 800,
      doctorTimeoutMs: 300,
      apiUrl: "http://127.0.0.1:9/api/v1",
      root: "/tmp/root",
      loginTimeoutMs: 600,
      callbackPort: 8765,
    });
    expect(readSeams({ [SEAM_NAMES.quitSeconds]: "", [SEAM_NAMES.platform]: "" })).toEqual({});
  });

  const wrong: [string, string][] = [
    [SEAM_NAMES.platform, "freebsd"],
    [SEAM_NAMES.quitSeconds, "0"],
    [SEAM_NAMES.confirmSeconds, "0"],
    [SEAM_NAMES.confirmSeconds, "soon"],
    [SEAM_NAMES.httpTimeoutMs, "-5"],
    [SEAM_NAMES.doctorTimeoutMs, "Infinity"],
    [SEAM_NAMES.apiUrl, "localhost:8080"],
    [SEAM_NAMES.loginTimeoutMs, "0"],
    [SEAM_NAMES.callbackPort, "80a"],
    [SEAM_NAMES.callbackPort, "70000"],
  ];
  for (const [name, value] of wrong) {
    it(`${name}=${value} is a usage error naming it, for any command`, async () => {
      const sb = newSandbox("linux");
      for (const command of [["doctor", "--offline"], ["quit"], ["show"]]) {
        const run = await runInProcess(["--json", ...command], { ...sb.env, [name]: value });
        expect(run.exitCode, run.stdout).toBe(2);
        expect(run.json()).toMatchObject({ ok: false, error: { code: "usage", message: expect.stringContaining(`${name}=${value}`) } });
      }
    });
  }

  it("no module but core/seams.ts reads one", () => {
    const root = fileURLToPath(new URL("../../src", import.meta.url));
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
    const readers = files(root)
      .filter((file) => relative(root, file) !== join("core", "seams.ts"))
      .flatMap((file) =>
        readFileSync(file, "utf8")
          .split("\n")
          .filter((line) => /CLAUDE_DESKTOP_OPENROUTER_/.test(line) && !/^\s*(\/\/|\*|\/\*\*)/.test(line))
          .map((line) => `${relative(root, file)}: ${line.trim()}`),
      );
    expect(readers).toEqual([]);
  });
});
