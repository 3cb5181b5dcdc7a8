// Each OS's modules (paths and install, secret store, lifecycle, managed settings) as one set,
// loaded for the platform a run behaves as (./load-os.ts, when its Context is made) and then
// picked without waiting: a run never loads the code of the two other systems. The per-room
// selectors (platformModule, keyStore, lifecycleModule, detectManaged) read from here.
import type { Context, PlatformId } from "../core/context.js";
import type { KeyStoreModule } from "../keychain/types.js";
import type { LifecycleModule } from "../lifecycle/types.js";
import type { ManagedSource } from "../managed/types.js";
import type { PlatformModule } from "./types.js";

export interface OsRooms {
  platform: PlatformModule;
  keyStore: KeyStoreModule;
  lifecycle: LifecycleModule;
  detectManaged: (ctx: Context) => Promise<ManagedSource[]>;
}

const loaded = new Map<PlatformId, OsRooms>();

export function registerOsRooms(id: PlatformId, rooms: OsRooms): void {
  loaded.set(id, rooms);
}

export function isOsLoaded(id: PlatformId): boolean {
  return loaded.has(id);
}

/** The modules of a platform; loadOsRooms() has loaded them (a slip is a bug, said plainly). */
export function osRooms(id: PlatformId): OsRooms {
  const rooms = loaded.get(id);
  if (!rooms) throw new Error(`the ${id} modules are not loaded: call loadOsRooms("${id}") first`);
  return rooms;
}
