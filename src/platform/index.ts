import type { PlatformId } from "../core/context.js";
import { osRooms } from "./os-rooms.js";
import type { PlatformModule } from "./types.js";

/** The platform's module (loaded with its system's set: ./load-os.ts). */
export function platformModule(id: PlatformId): PlatformModule {
  return osRooms(id).platform;
}

/** The platform to behave as: the test seam's, else the real one (anything unknown acts as Linux). */
export function detectPlatform(seam: PlatformId | undefined, real: string): PlatformId {
  const value = seam ?? real;
  return value === "darwin" || value === "win32" ? value : "linux";
}
