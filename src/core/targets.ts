import { parse } from "node:path";
import type { Context } from "./context.js";
import type { Targets } from "../config/plan.js";
import { platformModule } from "../platform/index.js";
import type { DataDir, PlatformModule } from "../platform/types.js";
import { isCliError, usageError } from "./errors.js";

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

/** Every file location the command works on, for the platform the context behaves as. */
export async function resolveTargets(ctx: Context): Promise<ResolvedTargets> {
  const platform = platformModule(ctx.platform);
  const dataDirs = await platform.dataDirs(ctx);
  await checkDataDirs(ctx, dataDirs);
  return {
    platform,
    dataDirs,
    rootConfigs: await platform.rootConfigFiles(ctx, dataDirs),
    stateDir: platform.stateDir(ctx),
  };
}
