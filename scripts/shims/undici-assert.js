// Bundled in place of node:assert where undici imports it: undici only calls assert(value) on its
// invariants, and loading node:assert costs every HTTP run several milliseconds. A failed
// invariant is handed to the real module, which throws its own error; anything else read from
// it loads the real module too.
function assert(value, message) {
  if (!value) require("node:assert")(value, message);
}
module.exports = new Proxy(assert, {
  get: (target, name) => (name in target ? target[name] : require("node:assert")[name]),
});
