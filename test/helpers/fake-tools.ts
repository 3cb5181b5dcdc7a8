// Recording wrappers for system tools under a sandbox's fake root: small sh scripts that log their
// name, every argument and their environment to one file, then run a body (for the lifecycle
// tools, the process-table fake of fake-os.ts).
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

export interface ToolCall {
  tool: string;
  args: string[];
  env: Record<string, string>;
}

export interface FakeTools {
  log: string;
  state: string;
  /** Installs a fake at an absolute path (the caller maps it under the root). */
  install(path: string, name: string, body: string): void;
  calls(): ToolCall[];
  setRunning(on: boolean): void;
  isRunning(): boolean;
}

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function createFakeTools(dir: string): FakeTools {
  const log = join(dir, "calls.log");
  const state = join(dir, "state");
  mkdirSync(state, { recursive: true });
  writeFileSync(log, "");
  return {
    log,
    state,
    install(path, name, body) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(
        path,
        // The record is built in a private file and appended with one write, so that fakes running
        // at the same time (a detached launch and a poll) never interleave their lines.
        `#!/bin/sh\nREC=${q(log)}.$$\n{ printf 'CALL %s\\n' ${q(name)}; for a in "$@"; do printf 'ARG %s\\n' "$a"; done; env | sed 's/^/ENV /'; printf 'END\\n'; } > "$REC"\ncat "$REC" >> ${q(log)}; rm -f "$REC"\nSTATE=${q(state)}\n${body}\n`,
      );
      chmodSync(path, 0o755);
    },
    calls() {
      const calls: ToolCall[] = [];
      let current: ToolCall | null = null;
      for (const line of readFileSync(log, "utf8").split("\n")) {
        if (line.startsWith("CALL ")) current = { tool: line.slice(5), args: [], env: {} };
        else if (current && line.startsWith("ARG ")) current.args.push(line.slice(4));
        else if (current && line.startsWith("ENV ")) {
          const eq = line.indexOf("=");
          current.env[line.slice(4, eq)] = line.slice(eq + 1);
        } else if (current && line === "END") {
          calls.push(current);
          current = null;
        }
      }
      return calls;
    },
    setRunning(on) {
      if (on) writeFileSync(join(state, "running"), "");
      else rmSync(join(state, "running"), { force: true });
    },
    isRunning: () => existsSync(join(state, "running")),
  };
}
