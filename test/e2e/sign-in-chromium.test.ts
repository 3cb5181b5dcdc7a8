// The sign-in driven by a real browser: BROWSER is a wrapper that runs Debian's headless Chromium
// (installed by .ci/run), which loads OpenRouter's page (the fake), follows its redirect to the
// tool's loopback callback and dumps the page it lands on. Never skipped: without Chromium it fails.
// CDO_SIGN_IN_SCREENSHOTS=<dir> also saves a PNG of the page per language (docs/images/).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { useFakeOpenRouter } from "../helpers/fake-openrouter.js";
import { SIGN_IN_KEY } from "../helpers/fixtures.js";
import { useSandboxes, type Sandbox } from "../helpers/sandbox.js";

const CHROMIUM = "/usr/bin/chromium";
const fake = useFakeOpenRouter();
const sandbox = useSandboxes();
afterEach(() => fake.reset());

/** Flags that keep Chromium from reaching out (this machine's network is closed) or needing a GPU. */
const QUIET_FLAGS = [
  "--headless",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * A BROWSER program: Chromium with a new empty profile, the URL last; `action` is what it does
 * with the page, its standard output goes to `stdout` when given.
 */
function chromiumWrapper(box: Sandbox, name: string, action: string[], stdout?: string): string {
  const script = join(box.dir, `${name}.sh`);
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  writeFileSync(
    script,
    [
      "#!/bin/sh",
      'for a; do url="$a"; done',
      `profile=$(mktemp -d ${q(join(box.dir, `${name}-profile.XXXXXX`))})`,
      // Chromium refuses to run as root without this; CI runs as root.
      'if [ "$(id -u)" = 0 ]; then sandbox=--no-sandbox; else sandbox=; fi',
      `${q(CHROMIUM)} $sandbox ${QUIET_FLAGS.join(" ")} --user-data-dir="$profile" ${action.map(q).join(" ")} "$url" 2>${q(join(box.dir, `${name}.err`))}${stdout ? ` >${q(stdout)}` : ""}`,
      // Chromium writes its profile while it shuts down: the test waits for this before the sandbox goes.
      `echo $? >${q(exitFile(box, name))}`,
      "",
    ].join("\n"),
    { mode: 0o755 },
  );
  return script;
}

function exitFile(box: Sandbox, name: string): string {
  return join(box.dir, `${name}.exit`);
}

/** Waits until the wrapper's Chromium has exited (it is done writing into the sandbox). */
async function chromiumExited(box: Sandbox, name: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(exitFile(box, name))) {
    if (Date.now() > deadline) throw new Error(`Chromium (${name}) did not exit within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until Chromium has written the whole DOM of the page it ended on. */
async function dumpedDom(file: string, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = existsSync(file) ? readFileSync(file, "utf8") : "";
    if (text.includes("</html>")) return text;
    if (Date.now() > deadline) throw new Error(`Chromium wrote no page to ${file}: ${text}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const LANGUAGES = [
  { lang: "en", env: { LANG: "en_US.UTF-8" }, title: "Claude Desktop is being connected", close: "You can close this tab now." },
  { lang: "zh-CN", env: { LANG: "zh_CN.UTF-8" }, title: "正在连接 Claude Desktop", close: "现在可以关闭此标签页。" },
] as const;

describe("signing in with headless Chromium", () => {
  it("Chromium is installed (the CI script installs it; this test is never skipped)", () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: install Debian's chromium package`).toBe(true);
  });

  it.each(LANGUAGES)(
    "$lang: Chromium lands on the callback page, and the tool finishes the setup",
    async ({ lang, env, title, close }) => {
      const box = sandbox("linux", { CLAUDE_DESKTOP_OPENROUTER_API_URL: fake.apiUrl, ...env });
      const dom = join(box.dir, "page.html");
      const wrapper = chromiumWrapper(box, "chromium", ["--dump-dom"], dom);
      const r = await box.run(["setup", "--login", "--yes"], { env: { BROWSER: wrapper }, timeoutMs: 60_000 });
      expect(r.exitCode, r.stderr).toBe(0);
      expect(box.readJson<Record<string, unknown>>(box.paths.entry).inferenceGatewayApiKey).toBe(SIGN_IN_KEY);

      const page = await dumpedDom(dom);
      expect(page).toContain(`<html lang="${lang}">`);
      expect(page).toContain(`<title>${title}</title>`);
      expect(page).toContain(`<h1>${title}</h1>`);
      expect(page).toContain(close);
      // Chromium really went through OpenRouter's page and the redirect to our callback.
      // (The model list the plan needed comes first: the sign-in follows the confirmation.)
      const auth = fake.requests.find((q) => q.path === "/auth");
      expect(auth).toMatchObject({ method: "GET", path: "/auth" });
      expect(auth?.headers["user-agent"]).toMatch(/HeadlessChrome|Chrome/);
      await chromiumExited(box, "chromium");

      const shots = process.env.CDO_SIGN_IN_SCREENSHOTS;
      if (shots) {
        fake.reset();
        const png = join(shots, `sign-in-${lang}.png`);
        const shooter = chromiumWrapper(box, "shooter", [`--screenshot=${png}`, "--window-size=760,460", "--hide-scrollbars"]);
        expect((await box.run(["setup", "--login", "--yes"], { env: { BROWSER: shooter }, timeoutMs: 60_000 })).exitCode).toBe(0);
        // Chromium writes the picture after the tool is done with the callback.
        for (let i = 0; i < 300 && !existsSync(png); i++) await new Promise((resolve) => setTimeout(resolve, 100));
        expect(existsSync(png)).toBe(true);
        await chromiumExited(box, "shooter");
      }
    },
    90_000,
  );
});
