// Hashes and random names without loading node:crypto until a run needs randomness: node:crypto is
// fifteen of Node's modules, about 5 ms of CPU to load, and most runs (show, status, doctor, a
// setup --dry-run) only hash or nothing at all (start-up time; docs/performance.md).
// SHA-256 comes from @noble/hashes (audited, no dependencies): the same digest as node:crypto's
// (test/unit/digest.test.ts), for the few kilobytes of a settings file.
import type * as Crypto from "node:crypto";
import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";

let crypto: typeof Crypto | undefined;
const nodeCrypto = () => {
  crypto ??= process.getBuiltinModule("node:crypto");
  return crypto;
};

/** SHA-256 of the bytes, as lowercase hex. */
export function sha256(data: Uint8Array): string {
  return bytesToHex(nobleSha256(data));
}

/** `bytes` random bytes as hex: for temporary names and nonces. */
export function randomHex(bytes: number): string {
  return nodeCrypto().randomBytes(bytes).toString("hex");
}
