// Bundled in place of undici's llhttp-wasm.js, which carries the HTTP parser as a base64 string
// (≈ 72 KB of JavaScript to parse and decode): the build writes the same WebAssembly as a binary
// file next to the chunks (smaller in the package), read when undici first compiles the parser.
module.exports = require("node:fs").readFileSync(require("node:path").join(__dirname, "llhttp.wasm"));
