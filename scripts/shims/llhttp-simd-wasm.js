// Bundled in place of undici's SIMD build of llhttp (≈ 72 KB of base64 WebAssembly). undici
// compiles it inside a try and, when that fails, uses the plain build, which is bundled; the
// tool makes a handful of small requests, so SIMD parsing buys nothing.
module.exports = Buffer.alloc(0);
