// Authorization checks every subgraph's resolvers share.
import { ForbiddenError, UnauthenticatedError } from "@tickergraph/errors";
import type { Identity } from "./tokens.js";

export function requireIdentity(identity: Identity | null): Identity {
  if (!identity) throw new UnauthenticatedError("Sign in first: send Authorization: Bearer <token>");
  return identity;
}

/** Owner-only fields: anyone else gets FORBIDDEN (and null for the field in an otherwise complete answer). */
export function requireOwner(identity: Identity | null, ownerId: string, field: string): void {
  if (requireIdentity(identity).userId !== ownerId) throw new ForbiddenError(`${field} is visible to its owner only`);
}
