// The files a run reads before it plans, each read once: a run that looks at our entry and
// state.json for several answers (what was chosen, which key, where it is kept) passes one
// JsonReads down instead of each helper reading the file again. Not for a plan made under the
// lock: that one reads the files as they are then (another run may have written them since).
import type { Context } from "../core/context.js";
import { type JsonFileRead, type JsonParseFailure, readJsonFile } from "./json-file.js";

type Read = JsonFileRead | JsonParseFailure;

export class JsonReads {
  readonly #ctx: Pick<Context, "fs">;
  readonly #files = new Map<string, Promise<Read>>();

  constructor(ctx: Pick<Context, "fs">) {
    this.#ctx = ctx;
  }

  /** readJsonFile's answer (or error) for the path, read the first time it is asked for. */
  read(path: string, options: { own?: boolean } = {}): Promise<Read> {
    const key = `${options.own === true ? "own" : "any"}:${path}`;
    let read = this.#files.get(key);
    if (!read) {
      read = readJsonFile(this.#ctx, path, options);
      read.catch(() => undefined); // each caller handles the error itself
      this.#files.set(key, read);
    }
    return read;
  }
}

/** readJsonFile, through `reads` when the caller has them. */
export function readJson(ctx: Pick<Context, "fs">, path: string, options: { own?: boolean }, reads?: JsonReads): Promise<Read> {
  return reads ? reads.read(path, options) : readJsonFile(ctx, path, options);
}
