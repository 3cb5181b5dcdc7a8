// Where the app keeps its configuration library in a data directory: apart from the planning code
// (./plan.ts), which only the commands that write load, since every command reads these files.
import { join } from "node:path";
import { ENTRY_ID } from "./entry.js";

export function libraryDir(dataDir: string): string {
  return join(dataDir, "configLibrary");
}

export function metaPath(dataDir: string): string {
  return join(libraryDir(dataDir), "_meta.json");
}

export function entryPath(dataDir: string, id: string = ENTRY_ID): string {
  return join(libraryDir(dataDir), `${id}.json`);
}
