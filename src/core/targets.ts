import { join } from "node:path";
import type { Context } from "./context.js";
import type { Targets } from "../config/plan.js";
import { readState } from "../config/state.js";
import { isDirectory } from "./paths.js";
import { platformModule } from "../platform/index.js";
import { ROOT_CONFIG_FILE } from "../platform/shared.js";
import type { DataDir, PlatformModule, RootConfigFile } from "../platform/types.js";

export interface ResolvedTargets extends Targets {
  platform: PlatformModule;
}

/**
 * Every file location the command works on, for the platform the context behaves as. Without
 * --config-dir (or CLAUDE_USER_DATA_DIR), the directories an earlier setup wrote to with one are
 * included (first, as they were chosen), so revert, show, status and doctor find them.
 */
export async function resolveTargets(ctx: Context): Promise<ResolvedTargets> {
  const platform = platformModule(ctx.platform);
  const discovered = await platform.dataDirs(ctx);
  const stateDir = platform.stateDir(ctx);
  const rootConfigs = await platform.rootConfigFiles(ctx, discovered);
  const recorded: DataDir[] = [];
  const recordedRoots: RootConfigFile[] = [];
  if (!ctx.settings.configDir) {
    const { state } = await readState(ctx, stateDir);
    for (const path of Object.keys(state.libraries)) {
      if (discovered.some((d) => d.path === path) || !(await isDirectory(ctx, path))) continue;
      recorded.push({ path, kind: "override" });
      const root = join(path, ROOT_CONFIG_FILE);
      if (state.deploymentMode[root]) recordedRoots.push({ path: root, role: "3p", createIfMissing: false });
    }
  }
  return { platform, dataDirs: [...recorded, ...discovered], rootConfigs: [...recordedRoots, ...rootConfigs], stateDir };
}
