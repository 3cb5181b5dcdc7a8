import { join } from "node:path";
import type { Context } from "../core/context.js";
import { isDirectory, systemPath } from "../core/paths.js";
import type { AppInstall, PlatformModule } from "./types.js";
import {
  CLAUDE_1P_DIR_NAME,
  CLAUDE_3P_DIR_NAME,
  ROOT_CONFIG_FILE,
  TOOL_DIR_NAME,
  inSshSession,
  overrideDataDir,
  overrideRootConfigs,
  posixShellQuote,
} from "./shared.js";
import { READ_LIMITS, readRegularFile } from "../core/safe-read.js";

function appSupport(ctx: Context): string {
  return join(ctx.home, "Library", "Application Support");
}

/**
 * CFBundleShortVersionString from Info.plist: parsed directly when it is XML, else (a binary
 * plist) read with /usr/bin/plutil by absolute path. Null when neither works.
 */
async function bundleVersion(ctx: Context, appPath: string): Promise<string | null> {
  const plist = join(appPath, "Contents", "Info.plist");
  let text: string;
  try {
    text = (await readRegularFile(ctx, plist, { limit: READ_LIMITS.config })).toString("utf8");
  } catch {
    return null;
  }
  const match = /<key>CFBundleShortVersionString<\/key>\s*<string>([^<]*)<\/string>/.exec(text);
  if (match) return match[1] ?? null;
  const result = await ctx.proc.run(systemPath(ctx, "/usr/bin/plutil"), [
    "-extract",
    "CFBundleShortVersionString",
    "raw",
    "-o",
    "-",
    plist,
  ]);
  const version = result.stdout.trim();
  return !result.failed && /^[\w.+-]{1,40}$/.test(version) ? version : null;
}

export const darwin: PlatformModule = {
  id: "darwin",
  homeFromEnv: (env) => env.HOME,
  posixModes: true,
  libraryCopies: false,
  shellQuote: posixShellQuote,
  async dataDirs(ctx) {
    const override = overrideDataDir(ctx);
    if (override) return [override];
    return [{ path: join(appSupport(ctx), CLAUDE_3P_DIR_NAME), kind: "primary" }];
  },
  async rootConfigFiles(ctx, dataDirs) {
    const override = dataDirs.find((d) => d.kind === "override");
    if (override) return overrideRootConfigs(override);
    return [
      { path: join(appSupport(ctx), CLAUDE_1P_DIR_NAME, ROOT_CONFIG_FILE), role: "1p", createIfMissing: true },
      ...dataDirs.map((d) => ({ path: join(d.path, ROOT_CONFIG_FILE), role: "3p" as const, createIfMissing: true })),
    ];
  },
  stateDir(ctx) {
    return join(appSupport(ctx), TOOL_DIR_NAME);
  },
  logDirs(ctx) {
    return [join(ctx.home, "Library", "Logs", CLAUDE_3P_DIR_NAME)];
  },
  async findApps(ctx) {
    const found: AppInstall[] = [];
    for (const path of [systemPath(ctx, "/Applications/Claude.app"), join(ctx.home, "Applications", "Claude.app")]) {
      if (!(await isDirectory(ctx, path))) continue;
      found.push({
        path,
        version: await bundleVersion(ctx, path),
        kind: "macos-app",
        executable: join(path, "Contents", "MacOS", "Claude"),
      });
    }
    return found;
  },
  browserOpener(ctx) {
    // Over SSH, `open` would show the page on the Mac's own screen, not to the person typing.
    if (inSshSession(ctx)) return { unavailable: "ssh" };
    return { file: systemPath(ctx, "/usr/bin/open"), args: [] };
  },
};
