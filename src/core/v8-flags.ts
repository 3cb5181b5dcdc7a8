// V8 flags set at run time. The launcher's code cache (src/bundle-loader.ts) is valid only under
// the flags it was made with, so when the launcher is there it sets them: it saves what was
// compiled so far first. Without it (tests, a run from the sources) they are set directly.
import { setFlagsFromString } from "node:v8";
import { V8_FLAGS_HOOK } from "./v8-flags-hook.js";

export function setV8Flags(flags: string): void {
  const viaLauncher = (globalThis as Record<symbol, unknown>)[V8_FLAGS_HOOK];
  if (typeof viaLauncher === "function") viaLauncher(flags);
  else setFlagsFromString(flags);
}
