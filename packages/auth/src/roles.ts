// Roles travel as the JWT's `role` claim, set when the user subgraph issues a token (from ADMIN_EMAILS), so every
// subgraph can check them without a lookup. ADMIN may send notifications and drain the dead-letter queue.
import { ForbiddenError } from "@tickergraph/errors";
import { requireIdentity } from "./guards.js";
import type { Identity } from "./tokens.js";

export type Role = "ADMIN" | "USER";

/** The role a token issued for `email` carries: ADMIN when the email is configured as an admin's. */
export function roleForEmail(email: string, adminEmails: readonly string[]): Role {
  return adminEmails.includes(email.trim().toLowerCase()) ? "ADMIN" : "USER";
}

/** An unknown or absent claim is an ordinary user, never an error: old tokens stay valid. */
export function parseRole(claim: unknown): { role?: Role } {
  return claim === "ADMIN" || claim === "USER" ? { role: claim } : {};
}

export function requireAdmin(identity: Identity | null): Identity {
  const caller = requireIdentity(identity);
  if (caller.role !== "ADMIN") throw new ForbiddenError("Only an administrator may do this");
  return caller;
}
