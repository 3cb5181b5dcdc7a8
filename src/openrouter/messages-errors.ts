// What a failed Messages request means (docs/openrouter.md#messages-errors): OpenRouter's
// error_type, then the status, then Anthropic's error.type, refined by availability.code.
// Plain tables, so doctor --offline loads nothing for them.

type Kind = "auth" | "billing" | "budget" | "privacy" | "region" | "permission" | "model" | "ratelimit" | "overload" | "server" | "request";

const BY_ERROR_TYPE: Record<string, Kind> = {
  authentication: "auth",
  permission_denied: "permission",
  payment_required: "billing",
  not_found: "model",
  image_not_found: "request",
  rate_limit_exceeded: "ratelimit",
  provider_overloaded: "overload",
  timeout: "overload",
  provider_unavailable: "server",
  server: "server",
  unmapped: "server",
};

const BY_STATUS: Record<number, Kind> = {
  400: "request",
  401: "auth",
  402: "billing",
  403: "permission",
  404: "model",
  408: "overload",
  429: "ratelimit",
  500: "server",
  502: "server",
  503: "overload",
  529: "overload",
};

const BY_TYPE: Record<string, Kind> = {
  authentication_error: "auth",
  permission_error: "permission",
  billing_error: "billing",
  not_found_error: "model",
  rate_limit_error: "ratelimit",
  overloaded_error: "overload",
  timeout_error: "overload",
  api_error: "server",
  invalid_request_error: "request",
};

const BY_AVAILABILITY: Record<string, Kind> = {
  model_not_found: "model",
  wrong_endpoint: "model",
  model_deprecated: "model",
  model_unavailable_upstream: "model",
  free_variant_ended: "model",
  no_endpoints: "privacy",
  privacy_restricted: "privacy",
  constraint_filtered: "privacy",
  region_restricted: "region",
  capacity_exhausted: "ratelimit",
  temporarily_unavailable: "overload",
};

/** docs/openrouter.md#messages-errors: error_type, then status, then error.type; availability.code refines it. */
export function classifyMessagesError(
  status: number,
  body: unknown,
): { kind: Kind; errorType: string | null; type: string | null; code: string | null; message: string } {
  const error = (body as { error?: Record<string, unknown> } | null)?.error ?? {};
  const errorType = typeof error.error_type === "string" ? error.error_type : null;
  const type = typeof error.type === "string" ? error.type : null;
  const availability = error.availability as { code?: unknown } | undefined;
  const code = typeof availability?.code === "string" ? availability.code : null;
  let kind: Kind =
    (errorType && BY_ERROR_TYPE[errorType]) || BY_STATUS[status] || (type && BY_TYPE[type]) || (status >= 500 ? "server" : "request");
  if (errorType === "invalid_request" && !code) kind = "request";
  if (code && BY_AVAILABILITY[code]) kind = BY_AVAILABILITY[code]!;
  // "No endpoints found matching your data policy" without the availability object.
  if (kind === "model" && typeof error.message === "string" && /data policy|guardrail/i.test(error.message)) kind = "privacy";
  // A guardrail's (the team's) budget used up: 402 or 403 saying so. The member cannot fix it.
  if ((status === 402 || status === 403) && typeof error.message === "string" && /budget|guardrail.*limit/i.test(error.message))
    kind = "budget";
  return { kind, errorType, type, code, message: typeof error.message === "string" ? error.message : "" };
}
