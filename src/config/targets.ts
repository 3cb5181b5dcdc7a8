import { join, parse } from "node:path";
import type { Context } from "../core/context.js";
import type { Targets } from "./plan.js";
import { readState } from "./state.js";
import type { JsonReads } from "./json-reads.js";
import { isDirectory } from "../core/paths.js";
import { platformModule } from "../platform/index.js";
import { ROOT_CONFIG_FILE } from "../platform/shared.js";
import type { DataDir, PlatformModule, RootConfigFile } from "../platform/types.js";
import { isCliError, usageError } from "../core/errors.js";

export interface ResolvedTargets extends Targets {
  platform: PlatformModule;
}

/**
 * A data directory must be one: a file system root given as --config-dir, or a file where the
 * directory should be, is a usage error naming it (rather than a failure blaming _meta.json).
 */
async function checkDataDirs(ctx: Context, dataDirs: DataDir[]): Promise<void> {
  for (const dir of dataDirs) {
    if (dir.kind === "override" && parse(dir.path).root === dir.path)
      throw usageError("error.configDirRoot", { path: dir.path }, "hint.configDir");
    try {
      if (!(await ctx.fs.stat(dir.path)).isDirectory())
        throw usageError("error.configDirFile", { path: dir.path }, dir.kind === "override" ? "hint.configDir" : "hint.configDirFile");
    } catch (error) {
      if (isCliError(error)) throw error;
      // Missing (or unreadable: reported where it is read): setup creates it.
    }
  }
}

/**
 * Every file location the command works on, for the platform the context behaves as. Without
 * --config-dir (or CLAUDE_USER_DATA_DIR), the directories an earlier setup wrote to with one are
 * included (first, as they were chosen), so revert, show, status and doctor find them. `reads`:
 * the run's reads, so that state.json is read once (config/json-reads.ts).
 */
export async function resolveTargets(ctx: Context, reads?: JsonReads): Promise<ResolvedTargets> {
  const platform = platformModule(ctx.platform);
  const discovered = await platform.dataDirs(ctx);
  await checkDataDirs(ctx, discovered);
  const stateDir = platform.stateDir(ctx);
  const rootConfigs = await platform.rootConfigFiles(ctx, discovered);
  const recorded: DataDir[] = [];
  const recordedRoots: RootConfigFile[] = [];
  if (!ctx.settings.configDir) {
    const { state } = await readState(ctx, stateDir, reads);
    for (const path of Object.keys(state.libraries)) {
      if (discovered.some((d) => d.path === path) || !(await isDirectory(ctx, path))) continue;
      recorded.push({ path, kind: "override" });
      const root = join(path, ROOT_CONFIG_FILE);
      if (state.deploymentMode[root]) recordedRoots.push({ path: root, role: "3p", createIfMissing: false });
    }
  }
  return { platform, dataDirs: [...recorded, ...discovered], rootConfigs: [...recordedRoots, ...rootConfigs], stateDir };
}
