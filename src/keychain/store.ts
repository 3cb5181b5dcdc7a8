// The OS secret store of this platform: one module each, picked by platform id.
import type { Context } from "../core/context.js";
import { osRooms } from "../platform/os-rooms.js";
import type { KeyStoreModule } from "./types.js";

/** The secret store of the platform (loaded with its system's set: platform/load-os.ts). */
export function keyStore(ctx: Pick<Context, "platform">): KeyStoreModule {
  return osRooms(ctx.platform).keyStore;
}
