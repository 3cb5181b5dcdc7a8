// A real Context for driving the core (plan + transaction) in-process against a temp dir, fast.
import { mkdtempSync, rmSync } from "node:fs";
import { messagesOf } from "../../src/i18n/catalogue.js";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Context, FileSystem } from "../../src/core/context.js";
import { createNodeContext } from "../../src/cli/node-context.js";
import { createUi } from "../../src/core/ui.js";
import { en } from "../../src/i18n/en.js";
import type { Targets } from "../../src/config/plan.js";
import { testStreams } from "./in-process.js";

export interface CoreBox {
  dir: string;
  ctx: Context;
  targets: Targets;
  meta: string;
  libDir: string;
  rootConfigs: string[];
  cleanup(): void;
}

/**
 * The real file system with fsync turned into a no-op: thousands of generated cases check the
 * logic of plan and transaction, not durability, and fsync dominates their time.
 */
export function withoutSync(real: FileSystem): FileSystem {
  return {
    ...real,
    open: (async (...args: Parameters<FileSystem["open"]>) => {
      const handle = await real.open(...args);
      handle.sync = async () => undefined;
      return handle;
    }) as FileSystem["open"],
  };
}

export function coreContext(home: string, fs?: (real: FileSystem) => FileSystem): Context {
  const ui = createUi({ messages: messagesOf(en), json: true, verbose: false, color: false, yes: true, terminals: false });
  const ctx = createNodeContext({
    env: { HOME: home, CLAUDE_DESKTOP_OPENROUTER_PLATFORM: "linux" },
    ui,
    settings: { baseUrl: "https://openrouter.ai/api", apiUrl: "https://openrouter.ai/api/v1" },
    secrets: new Set(),
    streams: testStreams(),
  });
  ctx.fs = withoutSync(ctx.fs);
  if (fs) ctx.fs = fs(ctx.fs);
  return ctx;
}

export function coreBox(prefix = "cdo-core-"): CoreBox {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const dataDir = join(dir, "Claude-3p");
  const rootConfigs = [join(dir, "Claude", "claude_desktop_config.json"), join(dataDir, "claude_desktop_config.json")];
  return {
    dir,
    ctx: coreContext(dir),
    targets: {
      dataDirs: [{ path: dataDir, kind: "primary" }],
      rootConfigs: rootConfigs.map((path, i) => ({ path, role: i === 0 ? "1p" : "3p", createIfMissing: true })),
      stateDir: join(dir, "state"),
    },
    meta: join(dataDir, "configLibrary", "_meta.json"),
    libDir: join(dataDir, "configLibrary"),
    rootConfigs,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
