// The state file records SHA-256 digests of what the tool wrote; they must stay what node:crypto
// computes, whatever computes them, or a file written by an earlier version would look edited.
import { createHash, randomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { randomHex, sha256 } from "../../src/core/digest.js";

describe("digest", () => {
  it("sha256 equals node:crypto's for any bytes (empty, one block, many blocks, any size)", () => {
    for (const size of [0, 1, 55, 56, 63, 64, 65, 1000, 70_000]) {
      const data = randomBytes(size);
      expect(sha256(data), `${size} bytes`).toBe(createHash("sha256").update(data).digest("hex"));
    }
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (data) => sha256(data) === createHash("sha256").update(data).digest("hex")),
      { numRuns: 300 },
    );
  });

  it("randomHex gives that many random bytes as hex", () => {
    expect(randomHex(4)).toMatch(/^[0-9a-f]{8}$/);
    expect(new Set(Array.from({ length: 50 }, () => randomHex(8))).size).toBe(50);
  });
});
