#!/usr/bin/env node
// The launcher, in CommonJS: it refuses old Node versions with a clear message in both languages,
// answers exactly `--version` and `[team] [command] --help` from the text the build captured
// from commander (src/launch.ts), and otherwise runs the CLI (src/cli.ts, bundled into dist/).
"use strict";
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  process.stderr.write(
    "claude-desktop-openrouter needs Node.js 20.19 or newer (this is " +
      process.versions.node +
      ").\n" +
      "claude-desktop-openrouter 需要 Node.js 20.19 或更高版本（当前为 " +
      process.versions.node +
      "）。\n",
  );
  process.exit(1);
}
const dist = require("node:path").join(__dirname, "..", "dist");
if (!require("../dist/launch.js").answerEarly(process.argv, process.env, dist)) {
  require("../dist/cli.js")
    .main()
    .catch((error) => {
      process.stderr.write(`${String(error?.stack ? error.stack : error)}\n`);
      process.exit(1);
    });
}
