// Hashes and random names, with node:crypto loaded on first use: it is fifteen of Node's modules,
// and most runs (show, status, doctor) never hash or write anything (start-up time).
import type * as Crypto from "node:crypto";

let crypto: typeof Crypto | undefined;
const nodeCrypto = () => {
  crypto ??= process.getBuiltinModule("node:crypto");
  return crypto;
};

export function sha256(data: Buffer): string {
  return nodeCrypto().createHash("sha256").update(data).digest("hex");
}

/** `bytes` random bytes as hex: for temporary names and nonces. */
export function randomHex(bytes: number): string {
  return nodeCrypto().randomBytes(bytes).toString("hex");
}
