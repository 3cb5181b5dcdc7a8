import type { PlatformId } from "../core/context.js";
import { darwin } from "./darwin.js";
import { linux } from "./linux.js";
import type { PlatformModule } from "./types.js";
import { win32 } from "./win32.js";

const modules: Record<PlatformId, PlatformModule> = { darwin, win32, linux };

export function platformModule(id: PlatformId): PlatformModule {
  return modules[id];
}

/** The platform to behave as: the test seam's, else the real one (anything unknown acts as Linux). */
export function detectPlatform(seam: PlatformId | undefined, real: string): PlatformId {
  const value = seam ?? real;
  return value === "darwin" || value === "win32" ? value : "linux";
}
