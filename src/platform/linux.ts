import { join } from "node:path";
import type { Context } from "../core/context.js";
import { envDir, isDirectory, listDir, systemPath } from "../core/paths.js";
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

function configHome(ctx: Context): string {
  return envDir(ctx, "XDG_CONFIG_HOME") ?? join(ctx.home, ".config");
}

/** Official package first, then community builds (docs/claude-desktop.md#linux-app). */
const LINUX_APP_DIRS = [
  "/usr/lib/claude-desktop",
  "/usr/lib/claude-desktop-unofficial",
  "/usr/lib/claude-desktop-bin",
  "/opt/claude-desktop",
  "/opt/Claude",
];

/** The installed version of a Debian package from dpkg's status file (null when not a deb). */
async function dpkgVersion(ctx: Context, pkg: string): Promise<string | null> {
  let status: string;
  try {
    status = await ctx.fs.readFile(systemPath(ctx, "/var/lib/dpkg/status"), "utf8");
  } catch {
    return null;
  }
  for (const stanza of status.split(/\n\s*\n/)) {
    if (!new RegExp(`^Package: ${pkg.replace(/[.+]/g, "\\$&")}$`, "m").test(stanza)) continue;
    if (!/^Status: .*installed$/m.test(stanza)) continue;
    return /^Version: (.+)$/m.exec(stanza)?.[1]?.trim() ?? null;
  }
  return null;
}

export const linux: PlatformModule = {
  id: "linux",
  homeFromEnv: (env) => env.HOME,
  posixModes: true,
  libraryCopies: false,
  shellQuote: posixShellQuote,
  async dataDirs(ctx) {
    const override = overrideDataDir(ctx);
    if (override) return [override];
    return [{ path: join(configHome(ctx), CLAUDE_3P_DIR_NAME), kind: "primary" }];
  },
  async rootConfigFiles(ctx, dataDirs) {
    const override = dataDirs.find((d) => d.kind === "override");
    if (override) return overrideRootConfigs(override);
    return [
      { path: join(configHome(ctx), CLAUDE_1P_DIR_NAME, ROOT_CONFIG_FILE), role: "1p", createIfMissing: true },
      ...dataDirs.map((d) => ({ path: join(d.path, ROOT_CONFIG_FILE), role: "3p" as const, createIfMissing: true })),
    ];
  },
  stateDir(ctx) {
    return join(envDir(ctx, "XDG_STATE_HOME") ?? join(ctx.home, ".local", "state"), TOOL_DIR_NAME);
  },
  logDirs(_ctx, dataDirs) {
    return dataDirs.map((d) => join(d.path, "logs"));
  },
  async findApps(ctx) {
    const found: AppInstall[] = [];
    for (const dir of LINUX_APP_DIRS) {
      const path = systemPath(ctx, dir);
      if (!(await isDirectory(ctx, path))) continue;
      const base = dir.split("/").pop() ?? "claude-desktop";
      const names = await listDir(ctx, path);
      const exe = names.includes(base) ? base : (names.find((n) => /^claude-desktop/.test(n)) ?? base);
      found.push({
        path,
        version: await dpkgVersion(ctx, base),
        kind: dir.startsWith("/usr/lib/claude-desktop") ? "linux-package" : "linux-other",
        executable: join(path, exe),
      });
    }
    return found;
  },
  browserOpener(ctx) {
    // xdg-open without a graphical session would start a text browser, or fail.
    if (!ctx.env.DISPLAY && !ctx.env.WAYLAND_DISPLAY) return { unavailable: inSshSession(ctx) ? "ssh" : "no-display" };
    return { file: systemPath(ctx, "/usr/bin/xdg-open"), args: [] };
  },
};
