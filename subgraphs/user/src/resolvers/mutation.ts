import { randomUUID } from "node:crypto";
import { hashPassword, requireIdentity, roleForEmail, verifyPassword } from "@tickergraph/auth";
import { NotFoundError, UnauthenticatedError } from "@tickergraph/errors";
import { createEvent } from "@tickergraph/events";
import type { MutationResolvers } from "../../generated/graphql.js";
import { initialShareValue, normalizeEmail, validateRegistration } from "../data/registration-rules.js";
import { SNAPSHOT_REQUESTED, type SnapshotRequested } from "../events/event-types.js";

// Verifying against a real hash for unknown emails keeps both failures equally slow (no account probing).
// Made on first use, not at import: importing a module does no work.
let unknownUserHash: Promise<string> | undefined;
const hashForUnknownUsers = () => (unknownUserHash ??= hashPassword("not-a-real-password-for-timing"));

export const Mutation: MutationResolvers = {
  register: async (_parent, { input }, { users, tokens, adminEmails }) => {
    const registration = validateRegistration(input);
    const user = await users.register({
      email: registration.email,
      passwordHash: await hashPassword(registration.password),
      displayName: registration.displayName,
      shareValue: initialShareValue(),
    });
    return { token: await tokens.issue({ userId: user.id, email: user.email, role: roleForEmail(user.email, adminEmails) }), user };
  },

  login: async (_parent, { email, password }, { users, tokens, throttle, adminEmails }) => {
    const normalized = normalizeEmail(email);
    await throttle.assertAllowed(normalized);
    const user = await users.findByEmail(normalized);
    const valid = await verifyPassword(password, user?.passwordHash ?? (await hashForUnknownUsers()));
    if (!user || !valid) {
      await throttle.recordFailure(normalized);
      throw new UnauthenticatedError("Invalid email or password");
    }
    await throttle.recordSuccess(normalized);
    return { token: await tokens.issue({ userId: user.id, email: user.email, role: roleForEmail(user.email, adminEmails) }), user };
  },

  // No database write here: the request is published before we answer, or the mutation fails.
  saveSnapshot: async (_parent, _args, { identity, userLoader, bus }) => {
    const { userId } = requireIdentity(identity);
    const user = await userLoader.load(userId);
    if (!user) throw new NotFoundError("Your account no longer exists");
    const snapshot: SnapshotRequested = {
      snapshotId: randomUUID(),
      userId,
      value: user.shareValue,
      takenAt: new Date().toISOString(),
    };
    await bus.publish([createEvent(SNAPSHOT_REQUESTED, userId, snapshot)]);
    return { id: snapshot.snapshotId, userId, value: snapshot.value, takenAt: snapshot.takenAt };
  },
};
