// The share-value ticker's SQL on PGlite: bounded steps, and one distinct event per user per tick.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServiceDatabase } from "@tickergraph/db";
import { LeaderLease, openMemoryServiceDatabase } from "@tickergraph/db";
import { PrismaClient } from "../generated/prisma/client.js";
import { nextShareValue, MAX_STEP } from "../src/ticker/random-walk.js";
import { ShareTicker } from "../src/ticker/share-ticker.js";
import type { DomainEvent, ShareValueChanged } from "@tickergraph/events";
import { EVENT_KEYS, parseEnvelope, SHARE_VALUE_CHANGED } from "@tickergraph/events";

describe("share-value random walk", () => {
  it("moves by at most 2 % and stays within [1, 10 000]", () => {
    expect(nextShareValue(100, () => 1)).toBe(102);
    expect(nextShareValue(100, () => 0)).toBe(98);
    expect(nextShareValue(1, () => 0)).toBe(1);
    expect(nextShareValue(10_000, () => 1)).toBe(10_000);
  });
});

describe("ShareTicker on PGlite", () => {
  let db: ServiceDatabase<PrismaClient>;
  beforeAll(async () => {
    db = await openMemoryServiceDatabase({
      service: "user",
      migrationsDir: new URL("../prisma/migrations", import.meta.url),
      createClient: (adapter) => new PrismaClient({ adapter }),
    });
    for (let i = 0; i < 7; i++) {
      await db.sql.query(
        `INSERT INTO "user"."user" (id, email, password_hash, display_name, share_value) VALUES (gen_random_uuid(), $1, 'x', 'x', 100)`,
        [`u${i}@example.com`],
      );
    }
  });
  afterAll(async () => {
    await db.close();
  });

  it("moves every user once per tick, in pages, with one distinct event each", async () => {
    const ticker = new ShareTicker(db.sql, db.schema, db.platformSchema, 3);
    for (let i = 0; i < 4; i++) expect((await ticker.tick()).users).toBe(7);
    const events = await db.sql.query<{
      id: string;
      key: string;
      envelope: { id: string; payload: { previousValue: number; value: number } };
    }>(`SELECT id, key, envelope FROM "user_platform"."outbox_event" ORDER BY seq`);
    expect(events).toHaveLength(28);
    expect(new Set(events.map((e) => e.id)).size).toBe(28);
    expect(events.every((e) => e.envelope.id === e.id)).toBe(true);
    const byUser = new Map<string, typeof events>();
    for (const e of events) byUser.set(e.key, [...(byUser.get(e.key) ?? []), e]);
    for (const chain of byUser.values()) {
      expect(chain).toHaveLength(4);
      for (let i = 0; i < chain.length; i++) {
        const { previousValue, value } = chain[i]!.envelope.payload;
        expect(Math.abs(value - previousValue)).toBeLessThanOrEqual(previousValue * MAX_STEP + 0.005);
        if (i > 0) expect(previousValue).toBe(chain[i - 1]!.envelope.payload.value);
      }
    }
  });

  it("moves nothing once its fencing lease belongs to another instance", async () => {
    const mine = new LeaderLease(db.sql, db.platformSchema, "fenced-ticker", 60_000, "instance-a");
    const theirs = new LeaderLease(db.sql, db.platformSchema, "fenced-ticker", 60_000, "instance-b");
    const ticker = new ShareTicker(db.sql, db.schema, db.platformSchema, 3, {
      leaseName: mine.name,
      holder: mine.holder,
    });
    expect(await mine.tryAcquire()).toBe(true);
    expect((await ticker.tick()).users).toBe(7);
    // Instance b takes over (as after a's lease expired during a pause); a's next tick must not move anything.
    await db.sql.query(`UPDATE "user_platform"."lease" SET expires_at = now() - interval '1 second' WHERE name = $1`, [
      mine.name,
    ]);
    expect(await theirs.tryAcquire()).toBe(true);
    const before = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "user_platform"."outbox_event"`);
    expect((await ticker.tick()).users).toBe(0);
    const after = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "user_platform"."outbox_event"`);
    expect(after[0]!.n).toBe(before[0]!.n);
  });
});

describe("the share ticker's hand-built envelopes", () => {
  it("parse as catalogue events: envelope fields, the catalogue's key and exactly the payload's fields", async () => {
    const db = await openMemoryServiceDatabase({
      service: "user",
      migrationsDir: new URL("../prisma/migrations", import.meta.url),
      createClient: (adapter) => new PrismaClient({ adapter }),
    });
    try {
      await db.sql.query(
        `INSERT INTO "user"."user" (id, email, password_hash, display_name, share_value) VALUES (gen_random_uuid(), 'a@example.com', 'x', 'x', 100)`,
      );
      await new ShareTicker(db.sql, db.schema, db.platformSchema, 10).tick();
      const rows = await db.sql.query<{ type: string; key: string; envelope: unknown }>(
        `SELECT type, key, envelope FROM "user_platform"."outbox_event" ORDER BY seq`,
      );
      expect(rows).toHaveLength(1);
      const row = rows[0]!;
      // What the relay publishes is the stored JSON, and what consumers get is what parseEnvelope accepts.
      const parsed = parseEnvelope(JSON.stringify(row.envelope));
      const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
      expect(parsed).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        type: SHARE_VALUE_CHANGED,
        key: expect.any(String),
        occurredAt: expect.stringMatching(iso),
        schemaVersion: 1,
        payload: {
          userId: expect.any(String),
          value: expect.any(Number),
          previousValue: 100,
          changedAt: expect.stringMatching(iso),
        } satisfies Record<keyof ShareValueChanged, unknown>,
      });
      const event = parsed as DomainEvent<typeof SHARE_VALUE_CHANGED>;
      expect(event.key).toBe(EVENT_KEYS[SHARE_VALUE_CHANGED](event.payload));
      expect(row).toMatchObject({ type: event.type, key: event.key });
      expect(event.occurredAt).toBe(event.payload.changedAt);
    } finally {
      await db.close();
    }
  });
});
