// Bundled in place of undici's HTTP/2 client: undici speaks HTTP/2 only when a dispatcher is
// created with allowH2, which this tool never does (it offers only http/1.1 in the TLS handshake).
// The real module would load node:http2 and node:tls at every HTTP run.
module.exports = function connectH2() {
  throw new Error("HTTP/2 is not enabled in claude-desktop-openrouter.");
};
