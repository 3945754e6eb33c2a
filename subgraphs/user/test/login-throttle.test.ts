// Login throttling: the pure policy, and its bookkeeping on real SQL (PGlite) with a controlled clock.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServiceDatabase } from "@tickergraph/db";
import { openMemoryServiceDatabase } from "@tickergraph/db";
import type { AppError } from "@tickergraph/errors";
import { PrismaClient } from "../generated/prisma/client.js";
import { LoginThrottle } from "../src/data/login-throttle.js";
import {
  ADDRESS_RULE,
  FAILURE_MEMORY_MS,
  FREE_FAILURES,
  forgottenBefore,
  lockDurationMs,
  retryAfterSeconds,
} from "../src/data/throttle-policy.js";

const MINUTE = 60_000;

describe("throttle policy", () => {
  it("allows 4 failures freely and locks for a minute at the 5th", () => {
    expect([1, 2, 3, 4].map((n) => lockDurationMs(n))).toEqual([0, 0, 0, 0]);
    expect(lockDurationMs(FREE_FAILURES)).toBe(MINUTE);
  });

  it("doubles the lock with every further failure, up to an hour", () => {
    expect([6, 7, 8, 9, 10, 11].map((n) => lockDurationMs(n))).toEqual([2, 4, 8, 16, 32, 60].map((m) => m * MINUTE));
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
    throttle = new LoginThrottle(db.sql, db.schema, () => clock);
  });
  afterAll(async () => {
    await db?.close();
  });

  /** The lock error a reservation meets, or undefined when it was granted (and then counted as a failure). */
  async function attempt(email: string, address = "192.0.2.1", succeed = false): Promise<AppError | undefined> {
    try {
      const reservation = await throttle.reserve(email, address);
      if (succeed) await reservation.succeeded();
      return undefined;
    } catch (error) {
      return error as AppError;
    }
  }
  const fail = async (email: string, times: number, address?: string) => {
    for (let i = 0; i < times; i++) expect(await attempt(email, address)).toBeUndefined();
  };

  it("grants 5 checks, then locks with UNAUTHENTICATED and retryAfterSeconds, and grants again once the lock ends", async () => {
    const email = "locked@example.com";
    await fail(email, 5);
    const error = await attempt(email);
    expect(error?.message).toBe("Too many failed logins; try again in 60 s");
    expect(error?.extensions).toEqual({ code: "UNAUTHENTICATED", retryAfterSeconds: 60 });
    advance(30_000);
    expect((await attempt(email))?.extensions.retryAfterSeconds).toBe(30);
    advance(30_000);
    expect(await attempt(email)).toBeUndefined();
  });

  it("locks twice as long after the next failure, and a success clears that account's count", async () => {
    const email = "grows@example.com";
    await fail(email, 5);
    advance(MINUTE);
    await fail(email, 1);
    expect((await attempt(email))?.extensions.retryAfterSeconds).toBe(120);
    advance(2 * MINUTE);
    expect(await attempt(email, undefined, true)).toBeUndefined();
    await fail(email, 5);
  });

  it("forgets failures a day after the last one", async () => {
    const email = "forgotten@example.com";
    await fail(email, 5);
    advance(FAILURE_MEMORY_MS + 1);
    await fail(email, 1);
    const [row] = await db.sql.query<{ failures: number }>(
      `SELECT failures FROM "${db.schema}".login_throttle WHERE throttle_key LIKE '%forgotten@%'`,
    );
    expect(row?.failures).toBe(1);
  });

  it("keeps accounts apart, and one address's lock away from the owner's other address", async () => {
    await fail("a@example.com", 5, "198.51.100.1");
    expect(await attempt("a@example.com", "198.51.100.1")).toBeDefined();
    expect(await attempt("b@example.com", "198.51.100.1")).toBeUndefined();
    expect(await attempt("a@example.com", "198.51.100.2", true)).toBeUndefined();
    // The owner's success elsewhere did not erase the attacker's count.
    expect(await attempt("a@example.com", "198.51.100.1")).toBeDefined();
  });

  it("locks an address that sprays many accounts", async () => {
    const address = "203.0.113.50";
    for (let i = 0; i < ADDRESS_RULE.freeFailures; i++)
      expect(await attempt(`spray${i}@example.com`, address)).toBeUndefined();
    expect((await attempt("one-more@example.com", address))?.extensions.code).toBe("UNAUTHENTICATED");
    expect(await attempt("one-more@example.com", "203.0.113.51")).toBeUndefined();
  });
});
