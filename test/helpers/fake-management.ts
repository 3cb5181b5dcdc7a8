// OpenRouter's key management API for the loopback fake: a stateful store of keys behind
// GET/POST /api/v1/keys and GET/PATCH/DELETE /api/v1/keys/{hash}, paging by `offset` (newest
// first, disabled keys only with include_disabled=true), management keys only (401 otherwise),
// and /credits for a management key. Every key it mints is registered with the secret checks.
import { createHash, randomBytes } from "node:crypto";
import { fixture, MANAGEMENT_KEY } from "./fixtures.js";
import { mintedKeys } from "./secrets.js";

export interface StoredKey {
  /** The secret, as shown once by the create answer. */
  key: string;
  hash: string;
  name: string;
  disabled: boolean;
  limit: number | null;
  limitReset: "daily" | "weekly" | "monthly" | null;
  includeByok: boolean;
  usage: number;
  usageDaily: number;
  usageWeekly: number;
  usageMonthly: number;
  createdAt: string;
  updatedAt: string | null;
  expiresAt: string | null;
}

/** A guardrail as OpenRouter's API shows it. */
export interface StoredGuardrail {
  id: string;
  name: string;
  description: string | null;
  limit_usd: number | null;
  reset_interval: "daily" | "weekly" | "monthly" | null;
  allowed_providers: string[] | null;
  allowed_models: string[] | null;
  ignored_providers: string[] | null;
  enforce_zdr_anthropic: boolean;
  enforce_zdr_openai: boolean;
  enforce_zdr_google: boolean;
  enforce_zdr_other: boolean;
  include_byok_in_budgets: boolean;
  workspace_id: string;
  created_at: string;
  updated_at: string | null;
}

/** One row of GET /activity (a day, a model, an endpoint of one key). */
export interface ActivityItem {
  date: string;
  model: string;
  model_permaslug: string;
  endpoint_id: string;
  provider_name: string;
  usage: number;
  byok_usage_inference: number;
  requests: number;
  prompt_tokens: number;
  completion_tokens: number;
  reasoning_tokens: number;
}

export interface ManagementRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface ManagementReply {
  status?: number;
  body?: unknown;
}

const RESETS = ["daily", "weekly", "monthly"];

function bearerOf(req: { headers: Record<string, string | string[] | undefined> }): string {
  return String(req.headers.authorization ?? "").replace(/^Bearer /, "");
}

function error(status: number, message: string): ManagementReply {
  return { status, body: { error: { code: status, message } } };
}

export class ManagementStore {
  readonly managementKeys = new Set<string>([MANAGEMENT_KEY]);
  /** Newest first, as OpenRouter lists them. */
  keys: StoredKey[] = [];
  /** Keys per page of GET /keys (OpenRouter's is 100). */
  pageSize = 100;
  credits = { total_credits: 100.5, total_usage: 25.75 };
  guardrails: StoredGuardrail[] = [];
  /** key hash → guardrail id (one guardrail per key). */
  assignments = new Map<string, string>();
  /** key hash → its activity rows. */
  activity = new Map<string, ActivityItem[]>();
  /** false: guardrail calls answer 403 (a member of an organisation, not an admin). */
  guardrailsAllowed = true;
  /** Guardrails per page of GET /guardrails and the assignments list. */
  guardrailPageSize = 100;
  private clock = Date.parse("2026-09-01T09:00:00Z");
  private nextId = 1;

  reset(): void {
    this.guardrails = [];
    this.assignments = new Map();
    this.activity = new Map();
    this.guardrailsAllowed = true;
    this.guardrailPageSize = 100;
    this.nextId = 1;
    this.keys = [];
    this.pageSize = 100;
    this.credits = { total_credits: 100.5, total_usage: 25.75 };
  }

  isManagement(req: { headers: Record<string, string | string[] | undefined> }): boolean {
    return this.managementKeys.has(bearerOf(req));
  }

  /** The record as the API shows it: never the key itself; the remainder from the period's usage. */
  record(k: StoredKey): Record<string, unknown> {
    const period =
      k.limitReset === "daily"
        ? k.usageDaily
        : k.limitReset === "weekly"
          ? k.usageWeekly
          : k.limitReset === "monthly"
            ? k.usageMonthly
            : k.usage;
    return {
      hash: k.hash,
      name: k.name,
      label: `${k.key.slice(0, 12)}...${k.key.slice(-4)}`,
      disabled: k.disabled,
      limit: k.limit,
      limit_remaining: k.limit === null ? null : Math.max(0, Math.round((k.limit - period) * 1e6) / 1e6),
      limit_reset: k.limitReset,
      include_byok_in_limit: k.includeByok,
      usage: k.usage,
      usage_daily: k.usageDaily,
      usage_weekly: k.usageWeekly,
      usage_monthly: k.usageMonthly,
      byok_usage: 0,
      byok_usage_daily: 0,
      byok_usage_weekly: 0,
      byok_usage_monthly: 0,
      created_at: k.createdAt,
      updated_at: k.updatedAt,
      expires_at: k.expiresAt,
      creator_user_id: "user_2dHFtVWx2n56w6HkM0000000000",
      workspace_id: "0df9e665-d932-5740-b2c7-b52af166bc11",
    };
  }

  /** Adds a key directly (as if made in the dashboard); returns it. */
  add(name: string, fields: Partial<Omit<StoredKey, "key" | "hash" | "name">> = {}): StoredKey {
    const key = `sk-or-v1-${randomBytes(32).toString("hex")}`;
    mintedKeys.set(key, name);
    this.clock += 1000;
    const stored: StoredKey = {
      key,
      hash: createHash("sha256").update(key).digest("hex"),
      name,
      disabled: false,
      limit: null,
      limitReset: null,
      includeByok: false,
      usage: 0,
      usageDaily: 0,
      usageWeekly: 0,
      usageMonthly: 0,
      createdAt: new Date(this.clock).toISOString(),
      updatedAt: null,
      expiresAt: null,
      ...fields,
    };
    this.keys.unshift(stored);
    return stored;
  }

  find(hash: string): StoredKey | undefined {
    return this.keys.find((k) => k.hash === hash);
  }

  live(): StoredKey[] {
    return this.keys.filter((k) => !k.disabled);
  }

  /** GET /api/v1/key for a management key or a minted key; undefined for any other. */
  currentKey(req: { headers: Record<string, string | string[] | undefined> }): ManagementReply | undefined {
    const bearer = bearerOf(req);
    if (this.managementKeys.has(bearer)) return { body: fixture("key.ok.management.json") };
    const minted = this.keys.find((k) => k.key === bearer);
    if (!minted) return undefined;
    if (minted.disabled) return error(401, "User not found.");
    return { body: { data: { ...this.record(minted), is_free_tier: false, is_management_key: false, is_provisioning_key: false } } };
  }

  list(req: ManagementRequest): ManagementReply {
    if (!this.isManagement(req)) return error(401, "User not found.");
    const offset = Number(req.query.get("offset") ?? 0);
    if (!Number.isInteger(offset) || offset < 0) return error(400, "Invalid request parameters");
    const visible = req.query.get("include_disabled") === "true" ? this.keys : this.live();
    return { body: { data: visible.slice(offset, offset + this.pageSize).map((k) => this.record(k)) } };
  }

  create(req: ManagementRequest): ManagementReply {
    if (!this.isManagement(req)) return error(401, "User not found.");
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(req.body) as Record<string, unknown>;
    } catch {
      return error(400, "Invalid JSON");
    }
    const { name, limit, limit_reset: reset } = body;
    if (typeof name !== "string" || name.length === 0) return error(400, "Invalid request parameters");
    if (limit !== undefined && limit !== null && (typeof limit !== "number" || limit < 0)) return error(400, "Invalid request parameters");
    if (reset !== undefined && reset !== null && !RESETS.includes(String(reset))) return error(400, "Invalid request parameters");
    const stored = this.add(name, {
      limit: (limit as number | null | undefined) ?? null,
      limitReset: (reset as StoredKey["limitReset"] | undefined) ?? null,
      includeByok: body.include_byok_in_limit === true,
      expiresAt: typeof body.expires_at === "string" ? body.expires_at : null,
    });
    return { status: 201, body: { data: this.record(stored), key: stored.key } };
  }

  one(req: ManagementRequest): ManagementReply {
    if (!this.isManagement(req)) return error(401, "User not found.");
    const hash = decodeURIComponent(req.path.split("/").pop() ?? "");
    const stored = this.find(hash);
    if (!stored) return error(404, "Resource not found");
    if (req.method === "GET") return { body: { data: this.record(stored) } };
    if (req.method === "DELETE") {
      this.keys = this.keys.filter((k) => k !== stored);
      return { body: { deleted: true } };
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(req.body) as Record<string, unknown>;
    } catch {
      return error(400, "Invalid JSON");
    }
    if ("disabled" in body) stored.disabled = body.disabled === true;
    if ("limit" in body) stored.limit = body.limit as number | null;
    if ("limit_reset" in body) {
      if (body.limit_reset !== null && !RESETS.includes(String(body.limit_reset))) return error(400, "Invalid request parameters");
      stored.limitReset = body.limit_reset as StoredKey["limitReset"];
    }
    if (typeof body.name === "string") stored.name = body.name;
    stored.updatedAt = new Date(this.clock).toISOString();
    return { body: { data: this.record(stored) } };
  }

  credit(req: ManagementRequest): ManagementReply {
    if (!this.isManagement(req)) return { status: 403, body: fixture("credits.403.json") };
    return { body: { data: this.credits } };
  }

  private body(req: ManagementRequest): Record<string, unknown> | null {
    try {
      const parsed = JSON.parse(req.body) as unknown;
      return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }

  /** Adds a guardrail directly (as if made in the dashboard); returns it. */
  addGuardrail(name: string, fields: Partial<StoredGuardrail> = {}): StoredGuardrail {
    this.clock += 1000;
    const id = `00000000-0000-4000-8000-${String(this.nextId++).padStart(12, "0")}`;
    const stored: StoredGuardrail = {
      id,
      name,
      description: null,
      limit_usd: null,
      reset_interval: null,
      allowed_providers: null,
      allowed_models: null,
      ignored_providers: null,
      enforce_zdr_anthropic: false,
      enforce_zdr_openai: false,
      enforce_zdr_google: false,
      enforce_zdr_other: false,
      include_byok_in_budgets: false,
      workspace_id: "0df9e665-d932-5740-b2c7-b52af166bc11",
      created_at: new Date(this.clock).toISOString(),
      updated_at: null,
      ...fields,
    };
    this.guardrails.push(stored);
    return stored;
  }

  /** Validates and copies the documented fields of a create or update body. */
  private guardrailFields(body: Record<string, unknown>): Partial<StoredGuardrail> | string {
    const fields: Partial<StoredGuardrail> = {};
    const strings = (v: unknown) => v === null || (Array.isArray(v) && v.every((x) => typeof x === "string"));
    for (const name of ["allowed_providers", "allowed_models", "ignored_providers"] as const) {
      if (!(name in body)) continue;
      if (!strings(body[name])) return `${name} must be an array of strings`;
      fields[name] = body[name] as string[] | null;
    }
    for (const name of [
      "enforce_zdr_anthropic",
      "enforce_zdr_openai",
      "enforce_zdr_google",
      "enforce_zdr_other",
      "include_byok_in_budgets",
    ] as const) {
      if (!(name in body)) continue;
      if (typeof body[name] !== "boolean") return `${name} must be a boolean`;
      fields[name] = body[name] as boolean;
    }
    if ("limit_usd" in body) {
      const v = body.limit_usd;
      if (v !== null && (typeof v !== "number" || v <= 0)) return "limit_usd must be a positive number";
      fields.limit_usd = v as number | null;
    }
    if ("reset_interval" in body) {
      const v = body.reset_interval;
      if (v !== null && !RESETS.includes(String(v))) return "reset_interval must be daily, weekly or monthly";
      fields.reset_interval = v as StoredGuardrail["reset_interval"];
    }
    if ("description" in body) fields.description = typeof body.description === "string" ? body.description : null;
    if ("name" in body) {
      if (typeof body.name !== "string" || body.name.length === 0) return "name is required";
      fields.name = body.name;
    }
    return fields;
  }

  private guardrailGate(req: ManagementRequest): ManagementReply | null {
    if (!this.isManagement(req)) return error(401, "User not found.");
    if (!this.guardrailsAllowed) return error(403, "Only organization admins can manage guardrails");
    return null;
  }

  private page<T>(req: ManagementRequest, items: T[]): ManagementReply {
    const offset = Number(req.query.get("offset") ?? 0);
    const limit = Math.min(Number(req.query.get("limit") ?? 50), this.guardrailPageSize);
    if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(limit) || limit < 1) return error(400, "Invalid request parameters");
    return { body: { data: items.slice(offset, offset + limit), total_count: items.length } };
  }

  /** GET/POST /guardrails. */
  guardrailList(req: ManagementRequest): ManagementReply {
    const gate = this.guardrailGate(req);
    if (gate) return gate;
    if (req.method === "GET") return this.page(req, this.guardrails);
    const body = this.body(req);
    if (!body) return error(400, "Invalid JSON");
    if (typeof body.name !== "string" || body.name.length === 0) return error(400, "name is required");
    const fields = this.guardrailFields(body);
    if (typeof fields === "string") return error(400, fields);
    return { status: 201, body: { data: this.addGuardrail(body.name, fields) } };
  }

  /** GET/PATCH/DELETE /guardrails/{id}. */
  guardrailOne(req: ManagementRequest): ManagementReply {
    const gate = this.guardrailGate(req);
    if (gate) return gate;
    const id = decodeURIComponent(req.path.split("/")[4] ?? "");
    const stored = this.guardrails.find((g) => g.id === id);
    if (!stored) return error(404, "Guardrail not found");
    if (req.method === "GET") return { body: { data: stored } };
    if (req.method === "DELETE") {
      this.guardrails = this.guardrails.filter((g) => g !== stored);
      for (const [hash, gid] of this.assignments) if (gid === id) this.assignments.delete(hash);
      return { body: { deleted: true } };
    }
    const body = this.body(req);
    if (!body) return error(400, "Invalid JSON");
    const fields = this.guardrailFields(body);
    if (typeof fields === "string") return error(400, fields);
    Object.assign(stored, fields, { updated_at: new Date(this.clock).toISOString() });
    return { body: { data: stored } };
  }

  private assignment(hash: string, guardrailId: string) {
    const key = this.find(hash);
    return {
      id: `a-${hash.slice(0, 8)}`,
      key_hash: hash,
      guardrail_id: guardrailId,
      key_name: key?.name ?? "",
      key_label: key ? `${key.key.slice(0, 12)}...${key.key.slice(-4)}` : "",
      assigned_by: "user_2dHFtVWx2n56w6HkM0000000000",
      created_at: new Date(this.clock).toISOString(),
    };
  }

  /** GET /guardrails/assignments/keys: every key assignment. */
  allAssignments(req: ManagementRequest): ManagementReply {
    const gate = this.guardrailGate(req);
    if (gate) return gate;
    return this.page(
      req,
      [...this.assignments].map(([hash, id]) => this.assignment(hash, id)),
    );
  }

  /** GET/POST /guardrails/{id}/assignments/keys: list, or bulk-assign by hash (replacing an earlier assignment). */
  keyAssignments(req: ManagementRequest): ManagementReply {
    const gate = this.guardrailGate(req);
    if (gate) return gate;
    const id = decodeURIComponent(req.path.split("/")[4] ?? "");
    if (!this.guardrails.some((g) => g.id === id)) return error(404, "Guardrail not found");
    if (req.method === "GET")
      return this.page(
        req,
        [...this.assignments].filter(([, gid]) => gid === id).map(([hash]) => this.assignment(hash, id)),
      );
    const body = this.body(req);
    const hashes = body?.key_hashes;
    if (!Array.isArray(hashes) || hashes.length === 0 || !hashes.every((h) => typeof h === "string"))
      return error(400, "key_hashes must be a non-empty array");
    if (hashes.some((h) => !this.find(h as string))) return error(404, "API key not found");
    for (const hash of hashes as string[]) this.assignments.set(hash, id);
    return { body: { assigned_count: hashes.length } };
  }

  /** GET /activity: the last 30 completed UTC days, optionally one key (api_key_hash) and one day (date). */
  activityOf(req: ManagementRequest): ManagementReply {
    if (!this.isManagement(req)) return error(401, "User not found.");
    const hash = req.query.get("api_key_hash");
    const date = req.query.get("date");
    if (date !== null && !/^\d{4}-\d{2}-\d{2}$/.test(date)) return error(400, "Invalid date");
    const rows = hash !== null ? (this.activity.get(hash) ?? []) : [...this.activity.values()].flat();
    return { body: { data: rows.filter((r) => date === null || r.date === date) } };
  }

  /** Adds activity rows for a key (what OpenRouter would report for its requests). */
  addActivity(hash: string, rows: (Partial<ActivityItem> & { date: string; provider_name: string; usage: number })[]): void {
    const list = this.activity.get(hash) ?? [];
    for (const r of rows)
      list.push({
        model: "anthropic/claude-sonnet-4.5",
        model_permaslug: "anthropic/claude-4.5-sonnet-20250929",
        endpoint_id: `ep-${r.provider_name.toLowerCase().replace(/\W+/g, "-")}`,
        byok_usage_inference: 0,
        requests: 1,
        prompt_tokens: 1000,
        completion_tokens: 200,
        reasoning_tokens: 0,
        ...r,
      });
    this.activity.set(hash, list);
  }
}
