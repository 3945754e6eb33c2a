import { randomUUID } from "node:crypto";

/** Accepts a caller's x-request-id when it looks sane, so one id follows a request across services. */
export function newRequestId(incoming?: string | string[] | null): string {
  const value = Array.isArray(incoming) ? incoming[0] : incoming;
  if (value && /^[A-Za-z0-9._-]{8,128}$/.test(value)) return value;
  return randomUUID();
}
