import type { Context, PlatformId } from "../core/context.js";

/** Why a 3P data directory is on the list; Windows can have several (docs/claude-desktop.md#windows-packaged-app-copies). */
export type DataDirKind = "override" | "primary" | "packaged" | "legacy";

export interface DataDir {
  path: string;
  kind: DataDirKind;
  /** Package family for packaged-app copies. */
  family?: string;
}

export interface RootConfigFile {
  path: string;
  /** "1p" is Electron userData's file, "3p" the copy in a 3P data directory. */
  role: "1p" | "3p";
  /** Create the file when missing (packaged-app 1P copies are only updated, never created). */
  createIfMissing: boolean;
}

export interface AppInstall {
  path: string;
  version: string | null;
  kind: "macos-app" | "windows-msix" | "windows-squirrel" | "windows-other" | "linux-package" | "linux-other";
  /** The executable of the main process. */
  executable: string;
  family?: string;
  /** Windows MSIX: the AppUserModelID the Start menu launches (shell:AppsFolder\<aumid>). */
  aumid?: string;
}

/**
 * How this OS opens a web page in the default browser: a program under the system root (the URL
 * goes after `args`), or why no browser can be opened from this session.
 */
export type BrowserOpener = { file: string; args: string[] } | { unavailable: "no-display" | "ssh" };

/** Everything one operating system knows about Claude Desktop: paths and app discovery. */
export interface PlatformModule {
  id: PlatformId;
  /** The user's home directory as this OS's environment names it (undefined: ask the OS). */
  homeFromEnv(env: Record<string, string | undefined>): string | undefined;
  /** POSIX permission bits protect the files (config.permissions checks them). */
  posixModes: boolean;
  /** The app may read several copies of the config library (config.copies compares them). */
  libraryCopies: boolean;
  /** One argument quoted for this OS's usual shell, for commands printed for people to run. */
  shellQuote(value: string): string;
  /** Every 3P data directory the app may read, existing or not (the primary one always). */
  dataDirs(ctx: Context): Promise<DataDir[]>;
  /** The claude_desktop_config.json files that carry deploymentMode. */
  rootConfigFiles(ctx: Context, dataDirs: DataDir[]): Promise<RootConfigFile[]>;
  /** The tool's own state directory (backups, lock, what was applied before). */
  stateDir(ctx: Context): string;
  /** Where the app writes main.log for the 3P profile. */
  logDirs(ctx: Context, dataDirs: DataDir[]): string[];
  /** Claude Desktop installations found on this machine. */
  findApps(ctx: Context): Promise<AppInstall[]>;
  /** The program that opens the sign-in page in the user's browser. */
  browserOpener(ctx: Context): BrowserOpener;
}
