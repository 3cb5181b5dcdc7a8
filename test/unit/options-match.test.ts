// An option lives in two places: commander's tree (src/cli.ts, what the user may type and its
// help) and the command's zod schema (what the command accepts). zod drops a key its schema does
// not name, so an option added to one and forgotten in the other would be silently ignored, or
// never reachable. This test holds the two lists equal for every command.
import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli.js";
import * as doctor from "../../src/commands/doctor.js";
import * as exportCommand from "../../src/commands/export.js";
import * as models from "../../src/commands/models.js";
import * as quit from "../../src/commands/quit.js";
import * as revert from "../../src/commands/revert.js";
import * as setup from "../../src/commands/setup.js";
import * as status from "../../src/commands/status.js";
import * as policy from "../../src/commands/team/policy.js";
import * as provision from "../../src/commands/team/provision.js";
import * as revoke from "../../src/commands/team/revoke.js";
import * as setLimit from "../../src/commands/team/set-limit.js";
import * as usage from "../../src/commands/team/usage.js";
import { testStreams } from "../helpers/in-process.js";

type Shape = { shape: Record<string, unknown> };

/** Each command's schema; null: the command takes no option. */
const SCHEMAS: Record<string, Shape | null> = {
  setup: setup.SetupOptionsSchema,
  show: null,
  revert: revert.RevertOptionsSchema,
  export: exportCommand.ExportOptionsSchema,
  doctor: { shape: doctor.DOCTOR_OPTION_KEYS },
  quit: quit.LifecycleOptionsSchema,
  restart: quit.LifecycleOptionsSchema,
  models: models.ModelsOptionsSchema,
  status: status.StatusOptionsSchema,
  "team provision": provision.ProvisionOptionsSchema,
  "team usage": usage.UsageOptionsSchema,
  "team policy": policy.PolicyCommandSchema,
  "team revoke": revoke.RevokeOptionsSchema,
  "team set-limit": setLimit.SetLimitOptionsSchema,
};

/** Every command of the tree, by its full name, each with its options built. */
async function tree(): Promise<Map<string, Command>> {
  let program: Command | undefined;
  await run({
    argv: ["node", "claude-desktop-openrouter", "--version"],
    env: { LANG: "en_US.UTF-8" },
    cwd: "/",
    ...testStreams(),
    tty: { stdin: false, stdout: false, stderr: false },
    onProgram: (p) => {
      program = p;
    },
  });
  const out = new Map<string, Command>();
  for (const command of program!.commands) {
    if (command.name() === "team") for (const sub of command.commands) out.set(`team ${sub.name()}`, sub);
    else out.set(command.name(), command);
  }
  return out;
}

/** The option keys commander hands the action (`--no-pricing` and `--pricing` are one key), and the arguments. */
function commanderKeys(command: Command): string[] {
  const keys = new Set(command.options.map((option) => option.attributeName()));
  if (command.registeredArguments.length > 0) keys.add("names");
  return [...keys].sort();
}

describe("each command's options", () => {
  it("are the same in commander's tree and in the command's schema", async () => {
    const commands = await tree();
    expect([...commands.keys()].sort()).toEqual(Object.keys(SCHEMAS).sort());
    for (const [name, command] of commands) {
      const schema = SCHEMAS[name];
      const schemaKeys = schema ? Object.keys(schema.shape).sort() : [];
      expect(commanderKeys(command), name).toEqual(schemaKeys);
    }
  });

  it("the comparison sees an option missing on either side", async () => {
    const setupCommand = (await tree()).get("setup")!;
    const keys = commanderKeys(setupCommand);
    expect(keys).toContain("apiKeyFile");
    expect(keys).toEqual(Object.keys(setup.SetupOptionsSchema.shape).sort());
    expect(keys.filter((k) => k !== "apiKeyFile")).not.toEqual(Object.keys(setup.SetupOptionsSchema.shape).sort());
  });
});
