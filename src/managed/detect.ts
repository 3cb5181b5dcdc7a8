// detectManaged: the managed sources of the platform the context behaves as, classified.
import type { Context, PlatformId } from "../core/context.js";
import { detectDarwin } from "./darwin.js";
import { detectLinux } from "./linux.js";
import { classify, type ManagedReport, type ManagedSource } from "./types.js";
import { detectWin32 } from "./win32.js";

const detectors: Record<PlatformId, (ctx: Context) => Promise<ManagedSource[]>> = {
  darwin: detectDarwin,
  win32: detectWin32,
  linux: detectLinux,
};

export async function detectManaged(ctx: Context): Promise<ManagedReport> {
  const sources = await detectors[ctx.platform](ctx);
  return { platform: ctx.platform, sources, ...classify(sources) };
}
