// detectManaged: the managed sources of the platform the context behaves as, classified.
import type { Context } from "../core/context.js";
import { osRooms } from "../platform/os-rooms.js";
import { classify, type ManagedReport } from "./types.js";

export async function detectManaged(ctx: Context): Promise<ManagedReport> {
  const sources = await osRooms(ctx.platform).detectManaged(ctx);
  return { platform: ctx.platform, sources, ...classify(sources) };
}
