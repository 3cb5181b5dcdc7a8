// Errors as a new user meets them, in their words: a key file that is missing, a folder or empty
// is named with what is wrong and a hint that fits (never the option just used); what the OS
// reports (EACCES, ENOSPC…) reads as words in both languages; a broken config file says what
// the mistake is and on which line.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { FileSystem } from "../../src/core/context.js";
import { osReason } from "../../src/core/os-error.js";
import { translate, messagesOf } from "../../src/i18n/catalogue.js";
import { en } from "../../src/i18n/en.js";
import { zhCN } from "../../src/i18n/zh-CN.js";
import { useFakeOpenRouter } from "../helpers/fake-openrouter.js";
import { fixture } from "../helpers/fixtures.js";
import { runInProcess } from "../helpers/in-process.js";
import { TEST_KEY, useSandboxes } from "../helpers/sandbox.js";

const sandbox = useSandboxes();

/** A file system on which reading one file fails as the OS says "permission denied". */
function denyReading(denied: string): (real: FileSystem) => FileSystem {
  return (real) => ({
    ...real,
    open: (async (path: string, ...rest: [string | number | undefined, number | undefined]) => {
      if (path === denied) throw Object.assign(new Error("EACCES: permission denied, open"), { code: "EACCES" });
      return real.open(path, ...rest);
    }) as FileSystem["open"],
  });
}

/** setup --dry-run with a key file, in-process; the error as printed with --json. */
async function setupWithKeyFile(path: string, options: { lang?: string; fs?: (real: FileSystem) => FileSystem } = {}) {
  const sb = sandbox("linux");
  const run = await runInProcess(
    ["setup", "--dry-run", "--json", "--api-key-file", path, ...(options.lang ? ["--lang", options.lang] : [])],
    { ...sb.env, OPENROUTER_API_KEY: "" },
    options.fs ? { fs: options.fs } : {},
  );
  return { run, error: run.json<{ error: { code: string; message: string; hint: string } }>().error };
}

describe("a key file that cannot be used", () => {
  it("a missing file: named, 'does not exist', and a hint to check the path or use the variable", async () => {
    const { run, error } = await setupWithKeyFile("missing.txt");
    expect(run.exitCode).toBe(2);
    expect(error.code).toBe("key.file-unreadable");
    expect(error.message).toBe("The key file missing.txt does not exist.");
    expect(error.hint).toContain("Check the path");
    expect(error.hint).toContain("OPENROUTER_API_KEY");
    expect(error.hint).not.toContain("--api-key-file");
    expect(error.message).not.toMatch(/ENOENT/);
  });

  it("a folder: 'is a folder'", async () => {
    const sb = sandbox("linux");
    const folder = join(sb.dir, "keys");
    mkdirSync(folder);
    const { error } = await setupWithKeyFile(folder);
    expect(error.message).toBe(`The key file ${folder} is a folder, not a file.`);
    expect(error.message).not.toMatch(/EISDIR/);
    expect(error.hint).not.toContain("--api-key-file");
  });

  it("an empty file: named, 'is empty', and a hint to put the key in it", async () => {
    const sb = sandbox("linux");
    const empty = join(sb.dir, "key.txt");
    writeFileSync(empty, "\n  \n");
    const { run, error } = await setupWithKeyFile(empty);
    expect(run.exitCode).toBe(2);
    expect(error.code).toBe("key.empty");
    expect(error.message).toBe(`The key file ${empty} is empty.`);
    expect(error.hint).toContain("Put the key");
    expect(error.hint).not.toContain("--api-key-file");
    const zh = await setupWithKeyFile(empty, { lang: "zh-CN" });
    expect(zh.error.message).toBe(`密钥文件 ${empty} 是空的。`);
  });

  it("a file the OS refuses: its reason in words, in both languages", async () => {
    const sb = sandbox("linux");
    const locked = join(sb.dir, "key.txt");
    writeFileSync(locked, "sk-or-v1-x");
    const denied = denyReading(locked);
    const { error } = await setupWithKeyFile(locked, { fs: denied });
    expect(error.message).toBe(`Cannot read the key file ${locked}: permission denied.`);
    expect(error.hint).toContain("permissions");
    const zh = await setupWithKeyFile(locked, { lang: "zh-CN", fs: denied });
    expect(zh.error.message).toBe(`无法读取密钥文件 ${locked}：权限不足。`);
  });

  it("OPENROUTER_API_KEY that holds only spaces is named as such", async () => {
    const sb = sandbox("linux");
    const run = await runInProcess(["setup", "--dry-run", "--json"], { ...sb.env, OPENROUTER_API_KEY: '  ""  ' });
    expect(run.exitCode).toBe(2);
    expect(run.json<{ error: { code: string; message: string } }>().error).toMatchObject({
      code: "key.empty",
      message: expect.stringContaining("OPENROUTER_API_KEY"),
    });
  });
});

describe("what the operating system says, in words", () => {
  const said = (code: string) => {
    const phrase = osReason(Object.assign(new Error(`${code}: injected`), { code }));
    return [translate(messagesOf(en), phrase.key, phrase.params), translate(messagesOf(zhCN), phrase.key, phrase.params)];
  };

  it.each([
    ["EACCES", "permission denied", "权限不足"],
    ["ENOSPC", "the disk is full", "磁盘已满"],
    ["EROFS", "the disk is read-only", "磁盘是只读的"],
    ["EPERM", "not permitted (permissions, or another program holds the file)", "操作不被允许（权限问题，或文件被其他程序占用）"],
    ["ENOTDIR", "a part of the path is a file, not a folder", "路径中的某一段是文件，不是文件夹"],
    ["ENOENT", "no such file or folder", "没有这个文件或文件夹"],
    ["EISDIR", "it is a folder, not a file", "它是文件夹，不是文件"],
  ])("%s → %s", (code, english, chinese) => {
    expect(said(code)).toEqual([english, chinese]);
  });

  it("every code the catalogue has words for is used", () => {
    const worded = Object.keys(en)
      .filter((key) => /^os\.(E[A-Z]+|not-a-file)$/.test(key))
      .map((key) => key.slice(3));
    expect(worded.length).toBeGreaterThan(15);
    for (const code of worded) expect(osReason(code).key).toBe(`os.${code}`);
  });

  it("a code without words of its own is named as it is; an error without a code keeps its message", () => {
    expect(said("EWHATEVER")).toEqual(["system error EWHATEVER", "系统错误 EWHATEVER"]);
    const plain = osReason(new Error("socket hang up"));
    expect(translate(messagesOf(en), plain.key, plain.params)).toBe("socket hang up");
  });

  it("a write that fails on a full disk says so, and that nothing was left half-written", async () => {
    const sb = sandbox("linux");
    const full = (real: FileSystem): FileSystem => ({
      ...real,
      rename: async (from, to) => {
        if (String(to).endsWith("_meta.json")) throw Object.assign(new Error("ENOSPC: no space left on device"), { code: "ENOSPC" });
        return real.rename(from, to);
      },
    });
    const run = await runInProcess(
      ["setup", "--yes", "--no-restart", "--skip-key-check", "--models", "anthropic/claude-sonnet-4.5"],
      { ...sb.env, OPENROUTER_API_KEY: `sk-or-v1-${"0".repeat(64)}` },
      { fs: full },
    );
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(
      /failed: the disk is full; (no file was changed|the file already written was put back|the \d files already written were put back)/,
    );
    expect(run.stderr).not.toContain("ENOSPC");
  });
});

describe("doctor, when a file cannot be read", () => {
  it("says why in words: permission denied, not EACCES", async () => {
    const sb = sandbox("linux");
    const key = `sk-or-v1-${"0".repeat(64)}`;
    const setup = await runInProcess(["setup", "--yes", "--no-restart", "--skip-key-check", "--models", "anthropic/claude-sonnet-4.5"], {
      ...sb.env,
      OPENROUTER_API_KEY: key,
    });
    expect(setup.exitCode).toBe(0);
    const denied = denyReading(sb.paths.meta);
    const doctor = await runInProcess(["doctor", "--offline"], sb.env, { fs: denied });
    expect(doctor.stdout).toContain(`${sb.paths.meta} cannot be read: permission denied`);
    expect(doctor.stdout).not.toContain("EACCES");
  });
});

describe("a config file that does not parse", () => {
  it("names the mistake where it is, keeps the --repair hint, and leaves the file as it was", async () => {
    const sb = sandbox("linux");
    sb.write(sb.paths.rootConfig3p, '{\n  "mcpServers": {},\n}\n');
    const run = await runInProcess(["setup", "--yes", "--no-restart", "--skip-key-check", "--models", "anthropic/claude-sonnet-4.5"], {
      ...sb.env,
      OPENROUTER_API_KEY: `sk-or-v1-${"0".repeat(64)}`,
    });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`${sb.paths.rootConfig3p} does not parse: a comma before } at line 2, column 19`);
    expect(run.stderr).toContain("--repair");
    expect(run.stderr).not.toMatch(/PropertyNameExpected|ValueExpected|line 3/);
    expect(sb.read(sb.paths.rootConfig3p)).toBe('{\n  "mcpServers": {},\n}\n');
  });

  it("a folder where claude_desktop_config.json belongs: show says it is a folder", async () => {
    const sb = sandbox("linux");
    mkdirSync(sb.paths.rootConfig1p, { recursive: true });
    const human = await runInProcess(["show"], sb.env);
    expect(human.stdout).toMatch(/claude_desktop_config\.json +cannot be read: it is a folder, not a file/);
    const json = await runInProcess(["show", "--json"], sb.env);
    expect(json.json<{ rootConfigs: { path: string; status: string; reason?: string }[] }>().rootConfigs[0]).toMatchObject({
      path: sb.paths.rootConfig1p,
      status: "unreadable",
      reason: "EISDIR",
    });
  });
});

describe("a model id that is not offered", () => {
  const fake = useFakeOpenRouter();
  /** OpenRouter's list with a newer Sonnet than the fixture's. */
  const withSonnet46 = () => {
    const list = fixture("models.openrouter.json") as { data: Record<string, unknown>[] };
    const sonnet = list.data.find((m) => m.id === "anthropic/claude-sonnet-4.5")!;
    return {
      data: [...list.data, { ...sonnet, id: "anthropic/claude-sonnet-4.6", name: "Anthropic: Claude Sonnet 4.6", created: 1771000000 }],
    };
  };
  const setup = async (models: string) => {
    const sb = sandbox("linux");
    fake.routes["GET /api/v1/models"] = { body: withSonnet46() };
    const run = await runInProcess(["setup", "--yes", "--no-restart", "--json", "--models", models], {
      ...sb.env,
      OPENROUTER_API_KEY: TEST_KEY,
      CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl,
    });
    expect(run.exitCode).toBe(2);
    return run.json<{ error: { code: string; message: string; hint: string } }>().error;
  };

  it("claude-sonnet-4.6 (no vendor prefix): did you mean anthropic/claude-sonnet-4.6?", async () => {
    const error = await setup("claude-sonnet-4.6");
    expect(error.message).toBe('"claude-sonnet-4.6" is not a Claude model OpenRouter offers for Claude Desktop.');
    expect(error.hint).toMatch(/^Did you mean anthropic\/claude-sonnet-4\.6\?/);
  });

  it("an id unlike any model: the hint's example comes from the live list (its newest Sonnet)", async () => {
    const error = await setup("anthropic/claude-prose-9");
    expect(error.hint).toContain("e.g. anthropic/claude-sonnet-4.6");
    expect(error.hint).not.toContain("4.5");
  });
});

describe("dates, one way everywhere", () => {
  const fake = useFakeOpenRouter();

  it("an expired key's date reads the same in the warning and in the rows (status), and in setup's error", async () => {
    const sb = sandbox("linux");
    fake.routes["GET /api/v1/key"] = { body: fixture("key.expired.json") };
    const env = { ...sb.env, OPENROUTER_API_KEY: TEST_KEY, CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl };
    const status = await runInProcess(["status"], env);
    const output = `${status.stdout}${status.stderr}`;
    expect(status.stderr).toContain("The key expired on 2026-01-01.");
    expect(status.stdout).toMatch(/Expires +expired on 2026-01-01/);
    expect(output).not.toMatch(/\d{4}-\d\d-\d\dT/);
    const setup = await runInProcess(["setup", "--yes", "--dry-run", "--json"], env);
    expect(setup.json<{ error: { message: string } }>().error.message).toBe("The key expired on 2026-01-01.");
  });

  it("a key expiring soon, in setup's warning and doctor's check", async () => {
    const sb = sandbox("linux");
    const soon = new Date(Date.now() + 2 * 24 * 3600 * 1000);
    const key = fixture("key.ok.capped.json") as { data: Record<string, unknown> };
    fake.routes["GET /api/v1/key"] = { body: { data: { ...key.data, expires_at: soon.toISOString() } } };
    const env = { ...sb.env, OPENROUTER_API_KEY: TEST_KEY, CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl };
    const setup = await runInProcess(["setup", "--yes", "--no-restart", "--json"], env);
    const warning = setup.json<{ warnings: { code: string; message: string }[] }>().warnings.find((w) => w.code === "key.expires-soon");
    expect(warning?.message).toBe(`The key expires soon (${soon.toISOString().slice(0, 10)}).`);
    const doctor = await runInProcess(["doctor", "--json"], env);
    const check = doctor.json<{ checks: { id: string; detail: string }[] }>().checks.find((c) => c.id === "openrouter.key");
    expect(check?.detail).toMatch(new RegExp(`expires on ${soon.toISOString().slice(0, 10)}$`));
  });
});

describe("a dry run ends with how to apply it", () => {
  const applyHint = "To apply this plan, run the same command without --dry-run.";
  const lastLine = (stdout: string) => stdout.trimEnd().split("\n").at(-1);

  it("setup, revert, and revert --purge-backups on its own", async () => {
    const sb = sandbox("linux");
    const env = { ...sb.env, OPENROUTER_API_KEY: TEST_KEY };
    const run = (...args: string[]) => runInProcess(args, env);
    expect(lastLine((await run("setup", "--yes", "--skip-key-check", "--discover-models", "--dry-run")).stdout)).toBe(applyHint);
    expect((await run("setup", "--yes", "--skip-key-check", "--discover-models", "--no-restart")).exitCode).toBe(0);
    expect(lastLine((await run("revert", "--yes", "--dry-run", "--no-restart")).stdout)).toBe(applyHint);
    expect((await run("revert", "--yes", "--no-restart")).exitCode).toBe(0);
    // Nothing left to revert, but backup sets to delete: the plan is the purge.
    const purge = await run("revert", "--yes", "--dry-run", "--purge-backups");
    expect(purge.stdout).toMatch(/2 backup sets would be deleted/);
    expect(lastLine(purge.stdout)).toBe(applyHint);
  });
});
