// Every check, in the order doctor prints them (the IDs are part of the interface: docs/commands.md#checks).
import { appInstalled, appLog, appRunning } from "./checks/app.js";
import { configApplied, configCopies, configLibrary } from "./checks/config-library.js";
import { configApiKey, configAuthScheme, configBaseUrl, configProvider } from "./checks/config-connection.js";
import { configEgress, configHeaders, configModels, configPricing } from "./checks/config-entry.js";
import { configDeploymentMode, configPermissions } from "./checks/config-files.js";
import { managedPolicy } from "./checks/managed.js";
import { networkReach } from "./checks/network.js";
import { openrouterKey, openrouterLimit, openrouterModels } from "./checks/openrouter.js";
import { openrouterMessages } from "./checks/openrouter-messages.js";
import type { Check } from "./types.js";

export const CHECKS: readonly Check[] = [
  appInstalled,
  appRunning,
  managedPolicy,
  configLibrary,
  configApplied,
  configProvider,
  configBaseUrl,
  configAuthScheme,
  configApiKey,
  configModels,
  configEgress,
  configHeaders,
  configPricing,
  configDeploymentMode,
  configPermissions,
  configCopies,
  appLog,
  networkReach,
  openrouterKey,
  openrouterLimit,
  openrouterModels,
  openrouterMessages,
];

export const CHECK_IDS: readonly string[] = CHECKS.map((c) => c.id);
