// requireExistingUser and the UserDirectory client: who exists is asked of the user service over gRPC, positives are
// cached for a TTL only, negatives never, and an unreachable directory is retryable rather than "unknown user".
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { BadUserInputError } from "@tickergraph/errors";
import { serviceConstructor, startGrpcServer, unary } from "@tickergraph/grpc";
import { createLogger } from "@tickergraph/telemetry";
import type { UserDirectory } from "../src/user-directory.js";
import {
  CachedUserDirectory,
  GrpcUserDirectory,
  requireExistingUser,
  USER_DIRECTORY_PROTO,
  USER_DIRECTORY_SERVICE,
} from "../src/user-directory.js";

const ALICE = "00000000-0000-4000-8000-00000000a11c";

/** A directory backed by a mutable set, counting how often it is asked. */
function directoryOf(users: Set<string>): UserDirectory & { asked: number } {
  return {
    asked: 0,
    async exists(userId) {
      this.asked += 1;
      return users.has(userId);
    },
  };
}

describe("requireExistingUser", () => {
  it("returns the identity of a user that exists", async () => {
    const identity = { userId: ALICE, email: "a@x.io" };
    await expect(requireExistingUser(identity, directoryOf(new Set([ALICE])))).resolves.toBe(identity);
  });

  it("refuses a signed token of an unknown user, and no token at all, with UNAUTHENTICATED", async () => {
    const directory = directoryOf(new Set());
    await expect(requireExistingUser({ userId: ALICE, email: "a@x.io" }, directory)).rejects.toMatchObject({
      message: expect.stringMatching(/Unknown user/),
      extensions: { code: "UNAUTHENTICATED" },
    });
    await expect(requireExistingUser(null, directory)).rejects.toMatchObject({
      extensions: { code: "UNAUTHENTICATED" },
    });
  });
});

describe("CachedUserDirectory", () => {
  it("answers a known user from the cache until the TTL, then sees the deletion", async () => {
    let now = 1_000;
    const users = new Set([ALICE]);
    const source = directoryOf(users);
    const cached = new CachedUserDirectory(source, 60_000, () => now);
    expect(await cached.exists(ALICE)).toBe(true);
    users.delete(ALICE);
    now += 59_999;
    expect(await cached.exists(ALICE)).toBe(true);
    expect(source.asked).toBe(1);
    now += 1;
    expect(await cached.exists(ALICE)).toBe(false);
    expect(await cached.exists(ALICE)).toBe(false);
    expect(source.asked).toBe(3);
  });

  it("never caches an unknown user, so one registered later is seen at once", async () => {
    const users = new Set<string>();
    const cached = new CachedUserDirectory(directoryOf(users), 60_000, () => 0);
    expect(await cached.exists(ALICE)).toBe(false);
    users.add(ALICE);
    expect(await cached.exists(ALICE)).toBe(true);
  });

  it("keeps at most maxEntries users", async () => {
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    const source = directoryOf(new Set(ids));
    const cached = new CachedUserDirectory(source, 60_000, () => 0, 2);
    for (const id of ids) await cached.exists(id);
    await cached.exists(ids[0]!);
    expect(source.asked).toBe(4);
    await cached.exists(ids[2]!);
    expect(source.asked).toBe(4);
  });
});

describe("GrpcUserDirectory", () => {
  const logger = createLogger("test", "silent");

  it("asks the UserDirectory over gRPC; a subject that is not a UUID is no user", async () => {
    const server = await startGrpcServer({
      host: "127.0.0.1",
      port: 0,
      logger,
      services: [
        {
          definition: serviceConstructor(USER_DIRECTORY_PROTO, USER_DIRECTORY_SERVICE).service,
          implementation: {
            Exists: unary<{ user_id: string }, { exists: boolean }>(logger, async ({ user_id }) => {
              if (user_id === "not-a-uuid") throw new BadUserInputError("user_id must be a UUID", "user_id");
              return { exists: user_id === ALICE };
            }),
          },
        },
      ],
    });
    const directory = new GrpcUserDirectory(server.address);
    try {
      expect(await directory.exists(ALICE)).toBe(true);
      expect(await directory.exists(randomUUID())).toBe(false);
      expect(await directory.exists("not-a-uuid")).toBe(false);
    } finally {
      directory.close();
      await server.stop();
    }
  });

  it("is SERVICE_UNAVAILABLE (retryable), not UNAUTHENTICATED, when the user service is unreachable", async () => {
    // Bind and release a port so nothing listens on it.
    const probe = await startGrpcServer({ host: "127.0.0.1", port: 0, logger, services: [] });
    await probe.stop();
    const directory = new GrpcUserDirectory(probe.address);
    try {
      await expect(requireExistingUser({ userId: ALICE, email: "a@x.io" }, directory)).rejects.toMatchObject({
        extensions: { code: "SERVICE_UNAVAILABLE", retryAfterSeconds: 2 },
      });
    } finally {
      directory.close();
    }
  });
});
