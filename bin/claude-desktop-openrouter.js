#!/usr/bin/env node
// Tiny launcher: refuse old Node versions with a clear message, then load the bundle.
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
import("../dist/cli.js")
  .then((cli) => cli.main())
  .catch((error) => {
    process.stderr.write(`${String(error?.stack ? error.stack : error)}\n`);
    process.exit(1);
  });
