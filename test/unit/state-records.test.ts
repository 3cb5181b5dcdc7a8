// What state.json records of the files the tool writes: a plan keeps the bytes, and their hashes
// are made when the state is written or compared (a dry run needs none of them). The records
// state.json holds are the same as when each hash was made at once.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  digestHex,
  emptyState,
  entryContent,
  entryFingerprint,
  hashedState,
  recordWrite,
  referencedOriginals,
  type ToolState,
} from "../../src/config/state.js";

const hex = (text: string) => createHash("sha256").update(text).digest("hex");
const bytes = (text: string) => Buffer.from(text, "utf8");
/** The state as state.json holds it, read back. */
const written = (state: ToolState): ToolState => JSON.parse(JSON.stringify(hashedState(state)));

describe("the records of written files", () => {
  it("holds the hashes of the bytes before and after, null for a file that did not exist", () => {
    const state = emptyState();
    recordWrite(state, "/a", bytes("original"), bytes("ours"));
    recordWrite(state, "/b", null, bytes("new"));
    expect(written(state).files).toEqual({
      "/a": { written: hex("ours"), before: hex("original") },
      "/b": { written: hex("new"), before: null },
    });
  });

  it("keeps the original's hash while the file holds what the tool wrote, and drops it once something else changed it", () => {
    const state = emptyState();
    recordWrite(state, "/a", bytes("original"), bytes("ours"));
    recordWrite(state, "/b", bytes("original b"), bytes("ours b"));
    const again = written(state);
    recordWrite(again, "/a", bytes("ours"), bytes("ours again"));
    recordWrite(again, "/b", bytes("edited by hand"), bytes("ours b again"));
    expect(written(again).files).toEqual({
      "/a": { written: hex("ours again"), before: hex("original") },
      "/b": { written: hex("ours b again") },
    });
  });

  it("refers to the same backed-up originals before and after it is written", () => {
    const state = emptyState();
    recordWrite(state, "/a", bytes("original"), bytes("ours"));
    recordWrite(state, "/b", null, bytes("new"));
    expect(referencedOriginals(state)).toEqual(new Set([hex("original")]));
    expect(referencedOriginals(written(state))).toEqual(new Set([hex("original")]));
  });

  it("fingerprints an entry by its own content, hashed when written", () => {
    const entry = { name: "OpenRouter", inferenceProvider: "gateway", chatTabEnabled: true };
    const state: ToolState = {
      ...emptyState(),
      libraries: { "/lib": { previousAppliedId: null, metaExisted: true, entryFingerprint: entryContent(entry) } },
    };
    const fingerprint = written(state).libraries["/lib"]!.entryFingerprint;
    expect(fingerprint).toBe(entryFingerprint(entry));
    expect(fingerprint).toBe(entryFingerprint({ ...entry, chatTabEnabled: false }));
    expect(fingerprint).not.toBe(entryFingerprint({ ...entry, name: "Edited" }));
    expect(digestHex(fingerprint!)).toBe(fingerprint);
  });
});
