// Bundled in place of undici's fetch body module where the HTTP/1.1 and HTTP/2 clients import it:
// they need it only to send a FormData body, and this tool sends JSON text. It brought WebIDL,
// FormData and its parser, and data: URLs along.
module.exports = {
  extractBody() {
    throw new Error("FormData bodies are not used by claude-desktop-openrouter.");
  },
};
