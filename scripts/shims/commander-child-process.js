// Bundled in place of node:child_process where commander imports it: commander spawns a process
// only for stand-alone executable sub-commands, which this tool does not have, yet loading the
// module costs every start several milliseconds. It is loaded if commander ever reads from it.
module.exports = new Proxy({}, { get: (_target, name) => require("node:child_process")[name] });
