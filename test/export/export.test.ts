// export end to end: the .mobileconfig read by Python's plistlib, the .reg by an independent
// reader, and a round trip against what setup writes for the same options.
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useFakeOpenRouter } from "../helpers/fake-openrouter.js";
import { runInProcess } from "../helpers/in-process.js";
import { pythonPath } from "../helpers/managed.js";
import { parseReg } from "../helpers/reg.js";
import { BIN, TEST_KEY, type Sandbox, expectKeyIn, useSandboxes } from "../helpers/sandbox.js";

const newSandbox = useSandboxes();
const fake = useFakeOpenRouter();

function sandbox(): Sandbox {
  const box = newSandbox("linux", { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl });
  writeFileSync(expectKeyIn(join(box.dir, "key.txt")), `${TEST_KEY}\n`);
  return box;
}

const OPTIONS = [
  "--models",
  "anthropic/claude-sonnet-4.5,anthropic/claude-opus-4.1",
  "--egress",
  "dev",
  "--egress",
  "internal.example.com",
];

/** Python's plistlib reads the profile; every value comes back with its Python type name. */
function readWithPlistlib(path: string): { outer: Record<string, [string, unknown]>; inner: Record<string, [string, unknown]>[] } {
  const script = `
import json, plistlib, sys
with open(sys.argv[1], "rb") as f:
    p = plistlib.load(f)
typed = lambda d: {k: [type(v).__name__, v if not isinstance(v, (list, dict)) else None] for k, v in d.items()}
print(json.dumps({"outer": typed(p), "inner": [typed(c) for c in p["PayloadContent"]]}))
`;
  return JSON.parse(execFileSync(pythonPath(), ["-c", script, path], { encoding: "utf8" }));
}

/** What the app reads from string-encoded managed values: JSON text for arrays and objects, "true"/"false" for booleans. */
function decodeManaged(values: Record<string, string | null>): Record<string, unknown> {
  const decode = (v: string | null) =>
    v === "true" ? true : v === "false" ? false : typeof v === "string" && /^[[{]/.test(v) ? JSON.parse(v) : v;
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, decode(v)]));
}

const CONFIG_KEY = (k: string) => !k.startsWith("Payload");

describe("export --format mobileconfig", () => {
  it("is a Configuration profile with one com.anthropic.claudefordesktop payload, every value a string", async () => {
    const box = sandbox();
    const out = expectKeyIn(join(box.dir, "claude.mobileconfig"));
    const args = [
      "export",
      "--out",
      out,
      "--api-key-file",
      join(box.dir, "key.txt"),
      "--organization",
      "Example & <Co>",
      "--identifier",
      "com.example.claude",
      ...OPTIONS,
    ];
    const run = await runInProcess(args, box.env);
    expect(run.exitCode).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const first = readWithPlistlib(out);
    expect(first.outer.PayloadType).toEqual(["str", "Configuration"]);
    expect(first.outer.PayloadVersion).toEqual(["int", 1]);
    expect(first.outer.PayloadIdentifier).toEqual(["str", "com.example.claude"]);
    expect(first.outer.PayloadOrganization).toEqual(["str", "Example & <Co>"]);
    expect(first.outer.PayloadScope).toEqual(["str", "System"]);
    expect(first.inner).toHaveLength(1);
    const inner = first.inner[0]!;
    expect(inner.PayloadType).toEqual(["str", "com.anthropic.claudefordesktop"]);
    expect(inner.PayloadIdentifier).toEqual(["str", "com.example.claude.settings"]);
    expect(inner.PayloadVersion).toEqual(["int", 1]);
    const configKeys = Object.keys(inner).filter(CONFIG_KEY);
    expect(configKeys.sort()).toEqual([
      "coworkEgressAllowedHosts",
      "deploymentDisplayName",
      "disableDeploymentModeChooser",
      "inferenceCredentialKind",
      "inferenceCustomHeaders",
      "inferenceGatewayApiKey",
      "inferenceGatewayAuthScheme",
      "inferenceGatewayBaseUrl",
      "inferenceModelPricing",
      "inferenceModelPricingEnabled",
      "inferenceModels",
      "inferenceProvider",
      "modelDiscoveryEnabled",
    ]);
    for (const key of configKeys) expect(inner[key]![0], key).toBe("str");
    expect(inner.inferenceGatewayApiKey![1]).toBe(TEST_KEY);
    for (const uuid of [first.outer.PayloadUUID![1], inner.PayloadUUID![1]])
      expect(uuid).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
    // A second export over the first (--force): fresh UUIDs, same identifier.
    expect((await runInProcess([...args, "--force"], box.env)).exitCode).toBe(0);
    const second = readWithPlistlib(out);
    expect(second.outer.PayloadUUID![1]).not.toBe(first.outer.PayloadUUID![1]);
    expect(second.inner[0]!.PayloadUUID![1]).not.toBe(inner.PayloadUUID![1]);
    expect(second.outer.PayloadIdentifier).toEqual(first.outer.PayloadIdentifier);
  });

  it("--scope user gives PayloadScope User; --key-placeholder writes no key, warns loudly, file not owner-only", async () => {
    const box = sandbox();
    const out = join(box.dir, "template.mobileconfig");
    const run = await runInProcess(["export", "--out", out, "--scope", "user", "--key-placeholder", "--json", ...OPTIONS], {
      ...box.env,
      OPENROUTER_API_KEY: TEST_KEY,
    });
    expect(run.exitCode).toBe(0);
    const profile = readWithPlistlib(out);
    expect(profile.outer.PayloadScope).toEqual(["str", "User"]);
    expect(profile.inner[0]!.inferenceGatewayApiKey).toEqual(["str", "sk-or-v1-REPLACE_ME"]);
    expect(readFileSync(out, "utf8")).not.toContain(TEST_KEY);
    expect(statSync(out).mode & 0o777).toBe(0o644);
    const result = run.json<{ containsKey: boolean; placeholder: boolean; warnings: { code: string; message: string }[] }>();
    expect(result).toMatchObject({ containsKey: false, placeholder: true });
    expect(result.warnings.find((w) => w.code === "export.placeholder")?.message).toContain("REPLACE_ME");
  });

  it("--remove has no profile form: exit 2 with how to remove a profile", async () => {
    const box = sandbox();
    const run = await runInProcess(["export", "--out", join(box.dir, "x.mobileconfig"), "--remove", "--json"], box.env);
    expect(run.exitCode).toBe(2);
    expect(run.json()).toMatchObject({ ok: false, error: { code: "usage" } });
    expect(run.stdout).toContain("Device Management");
  });
});

describe("export --format reg", () => {
  it("UTF-16LE with BOM and CRLF; values parse back to the string-encoded entry; HKCU for --scope user", async () => {
    const box = sandbox();
    const out = expectKeyIn(join(box.dir, "claude.reg"));
    const run = await runInProcess(
      ["export", "--out", out, "--api-key-file", join(box.dir, "key.txt"), ...OPTIONS, "--skip-key-check"],
      box.env,
    );
    expect(run.exitCode).toBe(0);
    const parsed = parseReg(readFileSync(out));
    expect(parsed.header).toBe("Windows Registry Editor Version 5.00");
    expect(parsed.key).toBe("HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Claude");
    expect(parsed.comments.length).toBeGreaterThan(0);
    for (const value of Object.values(parsed.values)) expect(typeof value).toBe("string");
    expect(parsed.values.inferenceGatewayApiKey).toBe(TEST_KEY);
    expect(JSON.parse(parsed.values.inferenceModels!)).toEqual([
      { name: "anthropic/claude-sonnet-4.5", anthropicFamilyTier: "sonnet", isFamilyDefault: true },
      { name: "anthropic/claude-opus-4.1", anthropicFamilyTier: "opus" },
    ]);
    const user = join(box.dir, "user.reg");
    expect(
      (
        await runInProcess(
          ["export", "--out", user, "--scope", "user", "--key-placeholder", "--skip-key-check", "--models", "anthropic/claude-sonnet-4.5"],
          box.env,
        )
      ).exitCode,
    ).toBe(0);
    expect(parseReg(readFileSync(user)).key).toBe("HKEY_CURRENT_USER\\SOFTWARE\\Policies\\Claude");
  });

  it("--out - with a key, to a pipe: a warning on stderr that a redirect's file may be readable by others; none without a key", async () => {
    const box = sandbox();
    // The key on stdout is the point here: run without the harness's output check, stdout kept apart.
    const withKey = spawnSync(
      process.execPath,
      [BIN, "export", "--format", "json", "--out", "-", "--api-key-file", join(box.dir, "key.txt"), ...OPTIONS, "--skip-key-check"],
      { env: box.env, encoding: "utf8" },
    );
    expect(withKey.status, withKey.stderr).toBe(0);
    expect(JSON.parse(withKey.stdout).inferenceGatewayApiKey === TEST_KEY).toBe(true);
    expect(withKey.stderr).toContain(
      "This output holds the API key: a file the shell creates for it (with >) may be readable by other users of this computer. Use --out <file> instead",
    );
    const template = await box.run(["export", "--format", "json", "--out", "-", "--key-placeholder", ...OPTIONS, "--skip-key-check"]);
    expect(template.exitCode, template.stderr).toBe(0);
    expect(template.stderr).not.toContain("This output holds the API key");
  });

  it("--remove writes a deletion for every key export sets, needing no key; --out - gives the raw bytes", () => {
    const box = sandbox();
    const bytes = execFileSync(process.execPath, [BIN, "export", "--format", "reg", "--out", "-", "--remove"], { env: box.env });
    const parsed = parseReg(bytes);
    expect(parsed.values).toEqual({
      inferenceProvider: null,
      inferenceCredentialKind: null,
      inferenceGatewayBaseUrl: null,
      inferenceGatewayApiKey: null,
      inferenceGatewayAuthScheme: null,
      deploymentDisplayName: null,
      coworkEgressAllowedHosts: null,
      inferenceModels: null,
      modelDiscoveryEnabled: null,
      inferenceModelPricingEnabled: null,
      inferenceModelPricing: null,
      inferenceCustomHeaders: null,
      disableDeploymentModeChooser: null,
    });
  });
});

describe("export --format json", () => {
  it("is the Linux managed-settings.json content with native JSON; user scope and --remove are refused", async () => {
    const box = sandbox();
    const run = await runInProcess(
      [
        "export",
        "--format",
        "json",
        "--out",
        "-",
        "--key-placeholder",
        "--skip-key-check",
        "--models",
        "anthropic/claude-sonnet-4.5",
        "--egress",
        "none",
      ],
      box.env,
    );
    expect(run.exitCode).toBe(0);
    const stdout = run.stdout;
    expect(JSON.parse(stdout)).toEqual({
      inferenceProvider: "gateway",
      inferenceCredentialKind: "static",
      inferenceGatewayBaseUrl: "https://openrouter.ai/api",
      inferenceGatewayApiKey: "sk-or-v1-REPLACE_ME",
      inferenceGatewayAuthScheme: "bearer",
      deploymentDisplayName: "OpenRouter",
      inferenceModels: [{ name: "anthropic/claude-sonnet-4.5", anthropicFamilyTier: "sonnet", isFamilyDefault: true }],
      modelDiscoveryEnabled: false,
      inferenceCustomHeaders: {
        "HTTP-Referer": "https://www.npmjs.com/package/claude-desktop-openrouter",
        "X-OpenRouter-Title": "Claude Desktop",
      },
      disableDeploymentModeChooser: true,
    });
    expect(
      (await runInProcess(["export", "--out", join(box.dir, "m.json"), "--scope", "user", "--key-placeholder"], box.env)).exitCode,
    ).toBe(2);
    expect((await runInProcess(["export", "--out", join(box.dir, "m.json"), "--remove"], box.env)).exitCode).toBe(2);
  });
});

describe("export lint and usage", () => {
  it("refuses a non-Claude model, a base URL that is not https, a placeholder passed as the key", async () => {
    const box = sandbox();
    const out = join(box.dir, "x.reg");
    const key = ["--api-key-file", join(box.dir, "key.txt")];
    expect((await runInProcess(["export", "--out", out, ...key, "--skip-key-check", "--models", "openai/gpt-4o"], box.env)).exitCode).toBe(
      2,
    );
    const http = await runInProcess(
      [
        "--base-url",
        "http://127.0.0.1:9/api",
        "export",
        "--out",
        out,
        ...key,
        "--skip-key-check",
        "--models",
        "anthropic/claude-sonnet-4.5",
        "--json",
      ],
      box.env,
    );
    expect(http.exitCode).toBe(2);
    expect(http.json()).toMatchObject({ error: { code: "export.lint.base-url" } });
    writeFileSync(join(box.dir, "placeholder.txt"), "sk-or-v1-REPLACE_ME");
    const placeholder = await runInProcess(
      [
        "export",
        "--out",
        out,
        "--api-key-file",
        join(box.dir, "placeholder.txt"),
        "--skip-key-check",
        "--models",
        "anthropic/claude-sonnet-4.5",
        "--json",
      ],
      box.env,
    );
    expect(placeholder.exitCode).toBe(2);
    expect(placeholder.json()).toMatchObject({ error: { code: "export.lint.placeholder" } });
    expect(() => statSync(out)).toThrow();
  });

  it("needs --out and a format; --json with --out - is refused", async () => {
    const box = sandbox();
    expect((await runInProcess(["export", "--key-placeholder"], box.env)).exitCode).toBe(2);
    expect((await runInProcess(["export", "--out", join(box.dir, "x.txt"), "--key-placeholder"], box.env)).exitCode).toBe(2);
    expect((await runInProcess(["export", "--format", "reg", "--out", "-", "--json", "--key-placeholder"], box.env)).exitCode).toBe(2);
    expect(
      (await runInProcess(["export", "--format", "reg", "--out", join(box.dir, "x.json"), "--key-placeholder"], box.env)).exitCode,
    ).toBe(2);
  });

  it("checks the key with OpenRouter: a rejected key exits 3 and nothing is written", async () => {
    const box = sandbox();
    const out = join(box.dir, "x.mobileconfig");
    writeFileSync(join(box.dir, "other.txt"), `sk-or-v1-${"ab".repeat(32)}`);
    const run = await runInProcess(["export", "--out", out, "--api-key-file", join(box.dir, "other.txt")], box.env);
    expect(run.exitCode).toBe(3);
    expect(() => statSync(out)).toThrow();
  });

  it("the --json result names keys, never values", async () => {
    const box = sandbox();
    const run = await runInProcess(
      ["export", "--out", expectKeyIn(join(box.dir, "c.reg")), "--api-key-file", join(box.dir, "key.txt"), "--json", ...OPTIONS],
      box.env,
    );
    expect(run.exitCode).toBe(0);
    expect(run.json()).toMatchObject({
      ok: true,
      command: "export",
      format: "reg",
      scope: "machine",
      containsKey: true,
      placeholder: false,
      remove: false,
    });
    expect(run.stdout).not.toContain(TEST_KEY);
  });
});

describe("round trip: export equals what setup writes", () => {
  for (const extra of [OPTIONS, [] as string[], ["--discover-models", "--egress", "none"]]) {
    it(`for the same options (${extra.join(" ") || "proposed models"})`, async () => {
      const box = sandbox();
      const key = ["--api-key-file", join(box.dir, "key.txt")];
      // An export hides the Claude.ai sign-in by default; setup does so when asked.
      const setup = await runInProcess(["setup", "--yes", "--no-restart", "--gateway-only", ...key, ...extra], box.env);
      expect(setup.exitCode).toBe(0);
      const local = box.readJson(box.paths.entry);

      const mc = expectKeyIn(join(box.dir, "c.mobileconfig"));
      const reg = expectKeyIn(join(box.dir, "c.reg"));
      const json = expectKeyIn(join(box.dir, "c.json"));
      for (const out of [mc, reg, json]) expect((await runInProcess(["export", "--out", out, ...key, ...extra], box.env)).exitCode).toBe(0);

      const profile = JSON.parse(
        execFileSync(
          pythonPath(),
          ["-c", "import json,plistlib,sys; print(json.dumps(plistlib.load(open(sys.argv[1],'rb'))['PayloadContent'][0]))", mc],
          { encoding: "utf8" },
        ),
      );
      const fromProfile = Object.fromEntries(Object.entries(profile as Record<string, string>).filter(([k]) => CONFIG_KEY(k)));
      expect(decodeManaged(fromProfile)).toEqual(local);
      expect(decodeManaged(parseReg(readFileSync(reg)).values)).toEqual(local);
      expect(JSON.parse(readFileSync(json, "utf8"))).toEqual(local);
    });
  }
});
