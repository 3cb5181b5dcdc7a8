// Real PowerShell for the Windows tests: pwsh 7.6.10, a .NET global tool (.ci/run installs it with
// `dotnet tool install --global PowerShell --version 7.6.10`). Found through CLAUDE_DESKTOP_OPENROUTER_PWSH,
// then ~/.dotnet/tools/pwsh, then PATH. Tests that need it are never skipped: without it they fail
// saying how to install it.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { delimiter, join } from "node:path";

export const PWSH_VERSION = "7.6.10";
export const PWSH_INSTALL = `dotnet tool install --global PowerShell --version ${PWSH_VERSION} (.ci/run does)`;

/** The pwsh to run, or null when none is installed. */
export function findPwsh(): string | null {
  const candidates = [
    process.env.CLAUDE_DESKTOP_OPENROUTER_PWSH,
    join(homedir(), ".dotnet", "tools", "pwsh"),
    ...(process.env.PATH ?? "").split(delimiter).map((dir) => join(dir, "pwsh")),
  ];
  return candidates.find((path): path is string => Boolean(path) && existsSync(path!)) ?? null;
}

/** The pwsh to run; throws naming how to install it. */
export function requirePwsh(): string {
  const found = findPwsh();
  if (!found) throw new Error(`Real PowerShell (pwsh) is needed for the Windows tests and is missing: ${PWSH_INSTALL}.`);
  return found;
}

/**
 * The environment every test pwsh gets besides its caller's: no telemetry or update check, and a
 * home of its own shared by the whole run (its start-up cache lives there, not in a sandbox).
 */
export function pwshEnv(): Record<string, string> {
  const home = join(tmpdir(), `claude-desktop-openrouter-pwsh-${process.getuid?.() ?? "user"}`);
  mkdirSync(home, { recursive: true });
  // DOTNET_TieredPGO=0: about 7% less CPU per start, which is all most of these runs are.
  return {
    HOME: home,
    POWERSHELL_TELEMETRY_OPTOUT: "1",
    POWERSHELL_UPDATECHECK: "Off",
    DOTNET_CLI_TELEMETRY_OPTOUT: "1",
    DOTNET_TieredPGO: "0",
  };
}

/** Runs one pwsh -File on a script with arguments; returns stdout (throws on a non-zero exit). */
export function runPwshFile(script: string, args: string[], input?: string): string {
  return execFileSync(requirePwsh(), ["-NoProfile", "-NonInteractive", "-File", script, ...args], {
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", LANG: "C.UTF-8", ...pwshEnv() },
    maxBuffer: 64 * 1024 * 1024,
    ...(input !== undefined ? { input } : {}),
  });
}
