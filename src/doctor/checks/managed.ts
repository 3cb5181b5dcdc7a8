// managed.policy: the managed-configuration detector of src/managed, as a doctor check.
import type { Check } from "../types.js";

export const managedPolicy: Check = {
  id: "managed.policy",
  title: "doctor.title.managed.policy",
  async run(ctx) {
    const { managedPolicyCheck } = await import("../../managed/guard.js");
    const result = await managedPolicyCheck(ctx);
    const data = {
      classification: result.data.classification,
      sources: result.data.sources.map((s) => ({ location: s.location, status: s.status, keys: s.keys })),
    };
    return { status: result.status, detail: result.detail, ...(result.fix ? { fix: result.fix } : {}), data };
  },
};
