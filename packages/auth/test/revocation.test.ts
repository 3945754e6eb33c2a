import { Redis } from "ioredis";
import { describe, expect, it, vi } from "vitest";
import { requireInfra, uniqueRunId } from "@tickergraph/testing";
import { InMemoryRevocationList, RedisRevocationList, TokenService } from "../src/index.js";
import { revocationContract } from "./revocation-contract.js";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

revocationContract("in-memory revocation list", async () => {
  const list = new InMemoryRevocationList();
  return [list, list];
});

const redis = await requireInfra(["redis"]);
describe.runIf(redis)("Redis revocation list", () => {
  const prefix = `${uniqueRunId()}:`;
  revocationContract("two instances on one Redis", async () =>
    Promise.all([
      RedisRevocationList.open({ url: REDIS_URL, prefix }),
      RedisRevocationList.open({ url: REDIS_URL, prefix }),
    ]),
  );

  it("keeps an entry only as long as a token it covers can be valid", async () => {
    const list = await RedisRevocationList.open({ url: REDIS_URL, prefix });
    const probe = new Redis(REDIS_URL);
    try {
      const tokens = new TokenService("revocation-test-secret-long-enough-0123456", 600, list);
      const identity = await tokens.verify(await tokens.issue({ userId: "ttl-user", email: "ttl@example.com" }));
      await tokens.revokeToken(identity);
      const ttl = await probe.pttl(`${prefix}auth:revoked-token:${identity.token!.id}`);
      expect(ttl).toBeGreaterThan(590_000);
      expect(ttl).toBeLessThanOrEqual(600_000);
    } finally {
      probe.disconnect();
      await list.close();
    }
  });
});

describe("in-memory revocation list", () => {
  it("forgets an entry once every token it covers has expired", async () => {
    let now = 1_000_000;
    const list = new InMemoryRevocationList(() => now);
    await list.revoke({ kind: "token", userId: "u", tokenId: "t1" }, now + 1000);
    const facts = { id: "t1", issuedAtMs: now - 10, expiresAtMs: now + 1000 };
    expect(await list.isRevoked("u", facts)).toBe(true);
    now += 1000;
    expect(await list.isRevoked("u", facts)).toBe(false);
  });

  it("revokes a token without an id (issued before revocation existed) by its issue time", async () => {
    const list = new InMemoryRevocationList();
    const tokens = new TokenService("revocation-test-secret-long-enough-0123456", 600, list);
    const old = {
      userId: "old",
      email: "old@example.com",
      token: { id: undefined, issuedAtMs: 5, expiresAtMs: undefined },
    };
    await tokens.revokeToken(old);
    expect(await list.isRevoked("old", old.token)).toBe(true);
    expect(await list.isRevoked("old", { id: "new", issuedAtMs: Date.now(), expiresAtMs: undefined })).toBe(false);
  });

  it("watch reports expiry as such, judged by the injected clock", () => {
    vi.useFakeTimers();
    try {
      const tokens = new TokenService("revocation-test-secret-long-enough-0123456", 600, new InMemoryRevocationList());
      const ended = vi.fn();
      tokens.watch({ identity: { userId: "u", email: "u@example.com" }, expiresAtMs: Date.now() + 60_000 }, ended);
      vi.advanceTimersByTime(60_000);
      expect(ended).toHaveBeenCalledExactlyOnceWith("expired");
    } finally {
      vi.useRealTimers();
    }
  });
});
