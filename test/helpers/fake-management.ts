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
  private clock = Date.parse("2026-09-01T09:00:00Z");

  reset(): void {
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
}
