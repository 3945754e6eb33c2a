// Login throttling: the pure policy, and its bookkeeping on real SQL (PGlite) with a controlled clock.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openMemoryServiceDatabase, type ServiceDatabase } from "@tickergraph/db";
import { AppError } from "@tickergraph/errors";
import { PrismaClient } from "../generated/prisma/client.js";
import { LoginThrottle } from "../src/data/login-throttle.js";
import { FAILURE_MEMORY_MS, FREE_FAILURES, forgottenBefore, lockDurationMs, retryAfterSeconds } from "../src/data/throttle-policy.js";

const MINUTE = 60_000;

describe("throttle policy", () => {
  it("allows 4 failures freely and locks for a minute at the 5th", () => {
    expect([1, 2, 3, 4].map(lockDurationMs)).toEqual([0, 0, 0, 0]);
    expect(lockDurationMs(FREE_FAILURES)).toBe(MINUTE);
  });

  it("doubles the lock with every further failure, up to an hour", () => {
    expect([6, 7, 8, 9, 10, 11].map(lockDurationMs)).toEqual([2, 4, 8, 16, 32, 60].map((m) => m * MINUTE));
    expect(lockDurationMs(1000)).toBe(60 * MINUTE);
  });

  it("rounds the wait up to whole seconds and never goes negative", () => {
    const now = new Date("2026-01-01T00:00:00.000Z");
    expect(retryAfterSeconds(null, now)).toBe(0);
    expect(retryAfterSeconds(new Date(now.getTime() + 1), now)).toBe(1);
    expect(retryAfterSeconds(new Date(now.getTime() + MINUTE), now)).toBe(60);
    expect(retryAfterSeconds(new Date(now.getTime() - 5000), now)).toBe(0);
  });

  it("remembers failures longer than the longest lock, so waiting a lock out never re-opens free tries", () => {
    expect(FAILURE_MEMORY_MS).toBeGreaterThan(lockDurationMs(Number.MAX_SAFE_INTEGER));
    const now = new Date("2026-01-02T00:00:00.000Z");
    expect(forgottenBefore(now).toISOString()).toBe("2026-01-01T00:00:00.000Z");
  });
});

describe("LoginThrottle on PGlite", () => {
  let db: ServiceDatabase<PrismaClient>;
  let clock = new Date("2026-01-01T00:00:00.000Z");
  const advance = (ms: number) => (clock = new Date(clock.getTime() + ms));
  let throttle: LoginThrottle;

  beforeAll(async () => {
    db = await openMemoryServiceDatabase({
      service: "user",
      migrationsDir: new URL("../prisma/migrations", import.meta.url),
      createClient: (adapter) => new PrismaClient({ adapter }),
    });
    throttle = new LoginThrottle(db.prisma, () => clock);
  });
  afterAll(async () => {
    await db?.close();
  });

  async function lockError(email: string): Promise<AppError | undefined> {
    try {
      await throttle.assertAllowed(email);
      return undefined;
    } catch (error) {
      return error as AppError;
    }
  }

  it("locks an email after 5 failures with UNAUTHENTICATED and retryAfterSeconds, and lets it in once the lock ends", async () => {
    const email = "locked@example.com";
    for (let i = 0; i < 4; i++) await throttle.recordFailure(email);
    expect(await lockError(email)).toBeUndefined();
    await throttle.recordFailure(email);
    const error = await lockError(email);
    expect(error?.message).toBe("Too many failed logins; try again in 60 s");
    expect(error?.extensions).toEqual({ code: "UNAUTHENTICATED", retryAfterSeconds: 60 });
    advance(30_000);
    expect((await lockError(email))?.extensions.retryAfterSeconds).toBe(30);
    advance(30_000);
    expect(await lockError(email)).toBeUndefined();
  });

  it("locks twice as long after the next failure, and a success clears everything", async () => {
    const email = "grows@example.com";
    for (let i = 0; i < 5; i++) await throttle.recordFailure(email);
    advance(MINUTE);
    await throttle.recordFailure(email);
    expect((await lockError(email))?.extensions.retryAfterSeconds).toBe(120);
    advance(2 * MINUTE);
    await throttle.recordSuccess(email);
    for (let i = 0; i < 4; i++) await throttle.recordFailure(email);
    expect(await lockError(email)).toBeUndefined();
  });

  it("forgets failures a day after the last one", async () => {
    const email = "forgotten@example.com";
    for (let i = 0; i < 6; i++) await throttle.recordFailure(email);
    advance(FAILURE_MEMORY_MS + 1);
    await throttle.recordFailure(email);
    expect(await lockError(email)).toBeUndefined();
    const row = await db.prisma.loginThrottle.findUnique({ where: { email } });
    expect(row?.failures).toBe(1);
  });

  it("keeps emails apart", async () => {
    for (let i = 0; i < 5; i++) await throttle.recordFailure("a@example.com");
    expect(await lockError("a@example.com")).toBeDefined();
    expect(await lockError("b@example.com")).toBeUndefined();
  });
});
