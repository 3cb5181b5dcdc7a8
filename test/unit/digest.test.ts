// The state file records SHA-256 digests of what the tool wrote, as lowercase hex: a file written
// by an earlier version must compare equal, so the digests are checked against published vectors.
import { describe, expect, it } from "vitest";
import { randomHex, sha256 } from "../../src/core/digest.js";

describe("digest", () => {
  it("sha256 gives the FIPS 180-2 test vectors, as lowercase hex", () => {
    expect(sha256(new Uint8Array())).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256(Buffer.from("abc"))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256(Buffer.from("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))).toBe(
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    );
  });

  it("randomHex gives that many random bytes as hex", () => {
    expect(randomHex(4)).toMatch(/^[0-9a-f]{8}$/);
    expect(new Set(Array.from({ length: 50 }, () => randomHex(8))).size).toBe(50);
  });
});
