// The OS secret store of this platform: one module each, picked by platform id.
import type { Context, PlatformId } from "../core/context.js";
import { darwin } from "./darwin.js";
import { linux } from "./linux.js";
import type { KeyStoreModule } from "./types.js";
import { win32 } from "./win32.js";

const modules = { darwin, linux, win32 } satisfies Record<PlatformId, KeyStoreModule>;

export function keyStore(ctx: Pick<Context, "platform">): KeyStoreModule {
  return modules[ctx.platform];
}
