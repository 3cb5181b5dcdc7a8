// What a command needs to declare its options in commander's tree (each command module exports
// `options(command, kit)` beside its schema), and the option groups several commands share, so
// that they read and behave the same everywhere. test/unit/options-match.test.ts holds each
// command's options equal to its schema's keys.
import { type Command, Option } from "commander";
import type { MessageKey } from "../i18n/catalogue.js";

export interface OptionKit {
  /** The help text of an option, in the run's language. */
  t: (key: MessageKey) => string;
  /** A path option resolved against the run's directory. */
  inCwd: (value: string) => string;
}

/** An "Examples:" block after a command's help. */
export const examples = (t: OptionKit["t"], lines: string[]) => `\n${t("help.examples")}\n${lines.map((line) => `  ${line}\n`).join("")}`;
export const repeatable = (value: string, previous: string[] = []) => [...previous, value];

export const keyOptions = ({ t }: OptionKit, command: Command) =>
  command.option("--api-key-file <path>", t("help.apiKeyFile")).option("--api-key <key>", t("help.apiKey"));
export const modelOptions = ({ t }: OptionKit, command: Command) =>
  command
    .option("--models <ids>", t("help.models"))
    .option("--discover-models", t("help.discoverModels"))
    .option("--egress <value>", t("help.egress"), repeatable);
export const entryOptions = (kit: OptionKit, command: Command) =>
  modelOptions(kit, keyOptions(kit, command))
    .option("--no-pricing", kit.t("help.noPricing"))
    .option("--no-attribution", kit.t("help.noAttribution"));
export const restartOptions = ({ t }: OptionKit, command: Command) =>
  command.option("--restart", t("help.restart")).option("--no-restart", t("help.noRestart")).option("--force-quit", t("help.forceQuit"));
export const scopeOption = ({ t }: OptionKit) => new Option("--scope <scope>", t("help.exportScope")).choices(["machine", "user"]);
export const formatOption = ({ t }: OptionKit, description: MessageKey) =>
  new Option("--format <format>", t(description)).choices(["mobileconfig", "reg", "json"]);
// team: the management key only from a file or the environment; the argument forms exist only
// so that the command can refuse them by name.
export const teamOptions = ({ t }: OptionKit, command: Command) =>
  command
    .option("--management-key-file <path>", t("help.teamManagementKeyFile"))
    .addOption(new Option("--management-key <key>").hideHelp())
    .addOption(new Option("--api-key <key>").hideHelp())
    .addOption(new Option("--api-key-file <path>").hideHelp());
// The team guardrail's policy: provision and policy take the same options.
export const policyOptions = ({ t }: OptionKit, command: Command) =>
  command
    .option("--providers <ids>", t("help.policyProviders"))
    .option("--zdr", t("help.policyZdr"))
    .option("--no-zdr", t("help.policyNoZdr"))
    .option("--budget <usd>", t("help.policyBudget"))
    .option("--budget-reset <period>", t("help.policyBudgetReset"))
    .option("--guardrail <name>", t("help.policyGuardrail"));
