// detectManaged: the managed sources of the platform the context behaves as, classified.
import type { Context } from "../core/context.js";
import { detectDarwin } from "./darwin.js";
import { detectLinux } from "./linux.js";
import { classify, type ManagedReport, type ManagedSource } from "./types.js";
import { detectWin32 } from "./win32.js";

export async function detectManaged(ctx: Context): Promise<ManagedReport> {
  let sources: ManagedSource[];
  if (ctx.platform === "darwin") sources = await detectDarwin(ctx);
  else if (ctx.platform === "win32") sources = await detectWin32(ctx);
  else sources = await detectLinux(ctx);
  return { platform: ctx.platform, sources, ...classify(sources) };
}
