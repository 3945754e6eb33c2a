import { randomUUID } from "node:crypto";
import { hashPassword, requireIdentity, roleForEmail, verifyPassword } from "@tickergraph/auth";
import { NotFoundError, UnauthenticatedError } from "@tickergraph/errors";
import { createEvent } from "@tickergraph/events";
import { publishNow } from "@tickergraph/service";
import type { MutationResolvers } from "../../generated/graphql.js";
import { initialShareValue, normalizeEmail, validateRegistration } from "../data/registration-rules.js";
import type { Snapshot } from "@tickergraph/events";
import { SNAPSHOT_REQUESTED } from "@tickergraph/events";

// Verifying against a real hash for unknown emails keeps both failures equally slow (no account probing).
// Made on first use, not at import: importing a module does no work.
let unknownUserHash: Promise<string> | undefined;
const hashForUnknownUsers = () => (unknownUserHash ??= hashPassword("not-a-real-password-for-timing"));

export const Mutation: MutationResolvers = {
  register: async (_parent, { input }, { users, tokens, clientAddress, passwordWork, passwordBudget, adminEmails }) => {
    const registration = validateRegistration(input);
    passwordBudget.spend();
    const passwordHash = await passwordWork.run(clientAddress, () => hashPassword(registration.password));
    const user = await users.register({
      email: registration.email,
      passwordHash,
      displayName: registration.displayName,
      shareValue: initialShareValue(),
    });
    return {
      token: await tokens.issue({ userId: user.id, email: user.email, role: roleForEmail(user.email, adminEmails) }),
      user,
    };
  },

  login: async (
    _parent,
    { email, password },
    { users, tokens, throttle, clientAddress, passwordWork, passwordBudget, adminEmails },
  ) => {
    const normalized = normalizeEmail(email);
    passwordBudget.spend();
    // Reserved (counted as a failure) before the check, atomically: see LoginThrottle.
    const reservation = await throttle.reserve(normalized, clientAddress);
    const user = await users.findByEmail(normalized);
    const stored = user?.passwordHash ?? (await hashForUnknownUsers());
    const valid = await passwordWork.run(clientAddress, () => verifyPassword(password, stored));
    if (!user || !valid) throw new UnauthenticatedError("Invalid email or password");
    await reservation.succeeded();
    return {
      token: await tokens.issue({ userId: user.id, email: user.email, role: roleForEmail(user.email, adminEmails) }),
      user,
    };
  },

  logout: async (_parent, _args, { identity, tokens, logger }) => {
    const caller = requireIdentity(identity);
    await tokens.revokeToken(caller);
    logger.info({ userId: caller.userId }, "token revoked (logout)");
    return true;
  },

  logoutEverywhere: async (_parent, _args, { identity, tokens, logger }) => {
    const { userId } = requireIdentity(identity);
    await tokens.revokeAllTokensOf(userId);
    logger.info({ userId }, "every token of a user revoked (logout everywhere)");
    return true;
  },

  // No database write here: the request is published before we answer, or the mutation fails.
  saveSnapshot: async (_parent, _args, { identity, userLoader, bus, logger }) => {
    const { userId } = requireIdentity(identity);
    const user = await userLoader.load(userId);
    if (!user) throw new NotFoundError("Your account no longer exists");
    const snapshot: Snapshot = {
      snapshotId: randomUUID(),
      userId,
      value: user.shareValue,
      takenAt: new Date().toISOString(),
    };
    await publishNow(bus, [createEvent(SNAPSHOT_REQUESTED, snapshot)], logger);
    return { id: snapshot.snapshotId, userId, value: snapshot.value, takenAt: snapshot.takenAt };
  },
};
