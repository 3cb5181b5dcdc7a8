// The .mobileconfig (docs/claude-desktop.md#mobileconfig): an outer Configuration profile holding one
// com.anthropic.claudefordesktop payload whose configuration values are all strings. Built with
// the plist library (loaded only here, only when exporting).
import { nodeCrypto } from "../core/digest.js";

export const PAYLOAD_TYPE = "com.anthropic.claudefordesktop";

export interface MobileconfigOptions {
  identifier: string;
  organization?: string | undefined;
  scope: "System" | "User";
  displayName: string;
  description: string;
  settingsDisplayName: string;
  values: Record<string, string>;
}

/** Fresh upper-case UUIDs on every export; the PayloadIdentifier stays stable so a new profile replaces the old one. */
export async function buildMobileconfig(options: MobileconfigOptions): Promise<Buffer> {
  const { build } = await import("plist");
  const inner: Record<string, string | number> = {
    PayloadType: PAYLOAD_TYPE,
    PayloadIdentifier: `${options.identifier}.settings`,
    PayloadUUID: nodeCrypto().randomUUID().toUpperCase(),
    PayloadDisplayName: options.settingsDisplayName,
    PayloadVersion: 1,
  };
  for (const [key, value] of Object.entries(options.values)) inner[key] = value;
  const outer: Record<string, unknown> = {
    PayloadType: "Configuration",
    PayloadVersion: 1,
    PayloadIdentifier: options.identifier,
    PayloadUUID: nodeCrypto().randomUUID().toUpperCase(),
    PayloadDisplayName: options.displayName,
    PayloadDescription: options.description,
    ...(options.organization ? { PayloadOrganization: options.organization } : {}),
    PayloadScope: options.scope,
    PayloadContent: [inner],
  };
  return Buffer.from(`${build(outer as never)}\n`, "utf8");
}
