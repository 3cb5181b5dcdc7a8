import type { Plugin } from "esbuild";

export interface Shim {
  name: string;
  filter: RegExp;
  importer?: RegExp;
}
export declare const SHIMS: Shim[];
export declare function slimPlugin(shims?: Shim[]): Plugin;
