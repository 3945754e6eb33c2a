// The write-behind statistics writer on a real (in-memory) Postgres: exact figures, redeliveries dropped across a
// restart, and nothing lost when a flush fails.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServiceDatabase, SqlClient } from "@tickergraph/db";
import { openMemoryServiceDatabase } from "@tickergraph/db";
import { createLogger } from "@tickergraph/telemetry";
import { PrismaClient } from "../generated/prisma/client.js";
import type { ShareChange } from "../src/stats/aggregate.js";
import { ShareStatsReader } from "../src/stats/share-stats.js";
import { ShareStatsWriter } from "../src/stats/share-stats-writer.js";

const logger = createLogger("test", "silent");
const ALICE = "00000000-0000-4000-8000-00000000a11c";
const BOB = "00000000-0000-4000-8000-000000000b0b";

describe("ShareStatsWriter", () => {
  let db: ServiceDatabase<PrismaClient>;
  let reader: ShareStatsReader;
  const writer = (sql: SqlClient = db.sql, writers = 1) =>
    new ShareStatsWriter({ sql, schema: db.schema, logger, flushMs: 60_000, maxPendingDeltas: 100_000, writers });
  beforeAll(async () => {
    db = await openMemoryServiceDatabase({
      service: "analytics",
      migrationsDir: new URL("../prisma/migrations", import.meta.url),
      createClient: (adapter) => new PrismaClient({ adapter }),
    });
    reader = new ShareStatsReader(db.sql, db.schema);
  });
  afterAll(async () => db?.close());

  const now = Date.now();
  const change = (userId: string, previousValue: number, value: number, msAgo: number): ShareChange => ({
    userId,
    previousValue,
    value,
    at: now - msAgo,
  });

  it("stores exact figures per window once flushed, and only then commits", async () => {
    const w = writer();
    const { durable } = await w.accept([
      change(ALICE, 100, 110, 2 * 3600_000),
      change(ALICE, 110, 99, 120_000),
      change(BOB, 10, 20, 60_000),
    ]);
    let committed = false;
    void durable.then(() => (committed = true));
    expect((await reader.stats(ALICE, "ALL", now)).changes).toBe(0);
    await w.flushNow();
    await durable;
    expect(committed).toBe(true);
    expect(await reader.stats(ALICE, "ALL", now)).toMatchObject({
      changes: 2,
      min: 99,
      max: 110,
      first: 110,
      last: 99,
      averageChange: -0.5,
    });
    expect(await reader.stats(ALICE, "HOUR", now)).toMatchObject({
      changes: 1,
      first: 99,
      last: 99,
      averageChange: -11,
    });
    expect(await reader.stats(BOB, "DAY", now)).toMatchObject({ changes: 1, averageChangePercent: 100, volatility: 0 });
  });

  it("drops redelivered changes, also after a restart (watermark read from the database)", async () => {
    const restarted = writer();
    await restarted.accept([change(ALICE, 110, 99, 120_000), change(ALICE, 99, 100, 10_000)]);
    await restarted.flushNow();
    expect(restarted.duplicates).toBe(1);
    expect(await reader.stats(ALICE, "ALL", now)).toMatchObject({ changes: 3, last: 100 });
  });

  it("keeps the changes of a failed flush and stores them with the next one", async () => {
    let failNext = true;
    const flaky: SqlClient = {
      ...db.sql,
      transaction: (fn) => {
        if (failNext) {
          failNext = false;
          return Promise.reject(new Error("connection lost"));
        }
        return db.sql.transaction(fn);
      },
    };
    const w = writer(flaky);
    const { durable } = await w.accept([change(BOB, 20, 30, 30_000)]);
    await w.flushNow().catch(() => undefined);
    await w.accept([change(BOB, 30, 15, 20_000)]);
    await w.flushNow();
    await durable;
    expect(await reader.stats(BOB, "ALL", now)).toMatchObject({ changes: 3, min: 15, max: 30, first: 20, last: 15 });
  });

  it("split over two writers, retries only the shard that failed: nothing lost, nothing counted twice", async () => {
    // CAROL and DAN end in different hex digits of different parity, so they land in different shards.
    const CAROL = "00000000-0000-4000-8000-0000000ca401";
    const DAN = "00000000-0000-4000-8000-000000000d02";
    let failures = 1;
    const flaky: SqlClient = {
      ...db.sql,
      transaction: (fn) =>
        db.sql.transaction(async (tx) => {
          const result = await fn(tx);
          // Fails the shard holding CAROL once, after its statements ran: its transaction rolls back.
          const [row] = await tx.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM "${db.schema}"."share_stats_total" WHERE user_id = $1::uuid`,
            [CAROL],
          );
          if (row!.n > 0 && failures-- > 0) throw new Error("connection lost");
          return result;
        }),
    };
    const w = writer(flaky, 2);
    const { durable } = await w.accept([change(CAROL, 10, 12, 40_000), change(DAN, 5, 6, 40_000)]);
    // flushNow writes, then writes again what a failed shard put back.
    await w.flushNow();
    await durable;
    expect(failures).toBe(-1);
    expect(w.flushes.count).toBe(2);
    expect(await reader.stats(DAN, "ALL", now)).toMatchObject({ changes: 1, last: 6 });
    expect(await reader.stats(CAROL, "ALL", now)).toMatchObject({ changes: 1, last: 12 });
    await w.accept([change(CAROL, 12, 9, 30_000), change(DAN, 6, 7, 30_000)]);
    await w.flushNow();
    expect(await reader.stats(CAROL, "ALL", now)).toMatchObject({ changes: 2, first: 12, last: 9, min: 9, max: 12 });
    expect(await reader.stats(DAN, "ALL", now)).toMatchObject({ changes: 2, first: 6, last: 7 });
    expect(await reader.stats(DAN, "HOUR", now)).toMatchObject({ changes: 2 });
  });
});
