// Loads one platform's modules (./os-rooms.ts), once: each system's set is a file of its own in the
// built CLI, loaded after the entry (scripts/build.mjs: OS_ROOMS).
import type { PlatformId } from "../core/context.js";
import { isOsLoaded, registerOsRooms } from "./os-rooms.js";

const LOADERS = {
  darwin: () => import("./os/darwin.js"),
  linux: () => import("./os/linux.js"),
  win32: () => import("./os/win32.js"),
} satisfies Record<PlatformId, unknown>;

export async function loadOsRooms(id: PlatformId): Promise<void> {
  if (!isOsLoaded(id)) registerOsRooms(id, (await LOADERS[id]()).rooms);
}
