// Hashes and random names from node:crypto, loaded on first use: node:crypto is fifteen of Node's
// modules, and the runs that neither hash nor write (--help, show without a state file, status,
// a setup that does not sign in) never load it (docs/performance.md). Every use of node:crypto
// goes through nodeCrypto().
import type * as Crypto from "node:crypto";

let crypto: typeof Crypto | undefined;
/** node:crypto, loaded the first time something hashes or draws random bytes. */
export function nodeCrypto(): typeof Crypto {
  crypto ??= process.getBuiltinModule("node:crypto");
  return crypto;
}

/** SHA-256 of the bytes, as lowercase hex. */
export function sha256(data: Uint8Array): string {
  return nodeCrypto().createHash("sha256").update(data).digest("hex");
}

/** `bytes` random bytes as hex: for temporary names and nonces. */
export function randomHex(bytes: number): string {
  return nodeCrypto().randomBytes(bytes).toString("hex");
}
