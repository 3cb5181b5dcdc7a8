#!/usr/bin/env node
// The launcher, in CommonJS: Node starts it faster than an ES module. It refuses old Node versions
// with a clear message, answers exactly `--version` and `--help` from text the build generated
// without loading the CLI, and otherwise starts the CLI (src/launch.ts, src/cli.ts).
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
const path = require("node:path");
const launch = require("../dist/launch.js");
if (!launch.answerEarly(process.argv, process.env, path.join(__dirname, "..", "dist"))) {
  launch
    .startCli(process.env, path.join(__dirname, "..", "dist"), require)
    .main()
    .catch((error) => {
      process.stderr.write(`${String(error?.stack ? error.stack : error)}\n`);
      process.exit(1);
    });
}
