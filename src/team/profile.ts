// What every member's rollout file holds but the key: the options that shape a member (given now,
// else as the manifest remembers them from the last run, else the defaults), and the profile
// built from them once: the entry `export` writes for these options, linted with a placeholder
// key before a single key exists.
import type { Context } from "../core/context.js";
import type { Report } from "../render/report.js";
import type { EgressChoice } from "../config/egress.js";
import { entryFromOptions, pinnedModels } from "../config/entry-extras.js";
import { getModels } from "../openrouter/api.js";
import { KEY_PLACEHOLDER } from "../export/lint.js";
import { buildExportFile, type ExportFileSpec, type ExportFormat } from "../export/file.js";
import type { RememberedOptions } from "./manifest.js";
import { limitOption, resetOption } from "./members.js";

/** The options of a run that shape a member, as given (undefined: not given). */
export interface GivenOptions {
  limit?: string | undefined;
  limitReset?: string | undefined;
  models?: string | undefined;
  discoverModels?: boolean | undefined;
  egress?: string[] | undefined;
  scope?: "machine" | "user" | undefined;
  identifier?: string | undefined;
  organization?: string | undefined;
  pricing?: boolean | undefined;
  attribution?: boolean | undefined;
  gatewayOnly?: boolean | undefined;
}

/**
 * The options that shape a member: given now, else as the manifest remembers them from the last
 * run, else the defaults. So "team provision --members … --out-dir …" (new members only) makes a
 * new member exactly like the others.
 */
export function remembered(options: GivenOptions, last: RememberedOptions | undefined): RememberedOptions {
  const limitReset = resetOption(options.limitReset);
  return {
    limit: limitOption(options.limit) ?? last?.limit ?? null,
    limitReset: limitReset !== undefined ? limitReset : (last?.limitReset ?? null),
    models: options.models ?? (options.discoverModels ? null : (last?.models ?? null)),
    discoverModels: options.discoverModels ?? (options.models !== undefined ? false : (last?.discoverModels ?? false)),
    egress: options.egress ?? last?.egress ?? [],
    scope: options.scope ?? last?.scope ?? "machine",
    identifier: options.identifier ?? last?.identifier ?? null,
    organization: options.organization ?? last?.organization ?? null,
    pricing: options.pricing ?? last?.pricing ?? true,
    attribution: options.attribution ?? last?.attribution ?? true,
    gatewayOnly: options.gatewayOnly ?? last?.gatewayOnly ?? true,
  };
}

/** A member's rollout file as every member gets it, but the key. */
export type TeamProfile = Omit<ExportFileSpec, "key" | "placeholder">;

/**
 * The profile for these options, built once: the models pinned (the catalogue read unless models
 * are discovered), the entry export writes (the key goes in per member), linted with a placeholder.
 */
export async function teamProfile(
  ctx: Context,
  report: Report,
  format: ExportFormat,
  given: RememberedOptions,
  input: { modelIds: string[] | undefined; egress: EgressChoice },
): Promise<TeamProfile> {
  const { modelIds, egress } = input;
  const catalogue = given.discoverModels ? null : await report.step("step.fetchModels", () => getModels(ctx));
  const models = pinnedModels(report, { ids: modelIds, catalogue, discover: given.discoverModels, offlineHint: "hint.exportModelsNeeded" });
  // The same entry export writes for these options (the key goes in per member).
  const { apiKey: _placeholder, ...settings } = entryFromOptions(ctx, report, {
    apiKey: KEY_PLACEHOLDER,
    models,
    catalogue,
    egress,
    pricing: given.pricing,
    attribution: given.attribution,
    gatewayOnly: given.gatewayOnly,
  });
  const profile = {
    format,
    scope: given.scope,
    identifier: given.identifier ?? undefined,
    organization: given.organization ?? undefined,
    settings,
  };
  // Lint the settings once, with a placeholder, before a single key exists.
  await buildExportFile(ctx, { ...profile, key: KEY_PLACEHOLDER, placeholder: true, report });
  return profile;
}
