// The published package's size goal, in bytes of the packed tarball (npm pack): checked by a test
// in every run of the suite (test/unit/package-size.test.ts) and reported by the bench.
export const PACKED_BYTES_GOAL = 400 * 1024;
