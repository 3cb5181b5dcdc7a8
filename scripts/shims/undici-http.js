// Bundled in place of node:http where undici imports it. undici reads two things from it, and
// loading node:http (eight of Node's modules) costs every HTTP run a few milliseconds:
// - `IncomingMessage`, to special-case destroying a body that is a node:http response. This tool
//   only ever sends strings as bodies, so no body is one; the class here is never constructed.
// - `maxHeaderSize`, the default limit on response headers: Node's default (16 KiB) unless Node
//   was started with --max-http-header-size, in which case the real module answers.
class NotAnIncomingMessage {}

const NODE_DEFAULT_MAX_HEADER_SIZE = 16 * 1024;
const optionGiven = () =>
  [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)].some((arg) => arg.startsWith("--max-http-header-size"));

module.exports = {
  IncomingMessage: NotAnIncomingMessage,
  get maxHeaderSize() {
    return optionGiven() ? require("node:http").maxHeaderSize : NODE_DEFAULT_MAX_HEADER_SIZE;
  },
};
