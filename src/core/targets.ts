import type { Context } from "./context.js";
import type { Targets } from "../config/plan.js";
import { platformModule } from "../platform/index.js";
import type { PlatformModule } from "../platform/types.js";

export interface ResolvedTargets extends Targets {
  platform: PlatformModule;
}

/** Every file location the command works on, for the platform the context behaves as. */
export async function resolveTargets(ctx: Context): Promise<ResolvedTargets> {
  const platform = platformModule(ctx.platform);
  const dataDirs = await platform.dataDirs(ctx);
  return {
    platform,
    dataDirs,
    rootConfigs: await platform.rootConfigFiles(ctx, dataDirs),
    stateDir: platform.stateDir(ctx),
  };
}
