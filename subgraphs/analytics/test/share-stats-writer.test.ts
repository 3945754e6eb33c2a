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
  const writer = (sql: SqlClient = db.sql) =>
    new ShareStatsWriter({ sql, schema: db.schema, logger, flushMs: 60_000, maxPendingDeltas: 100_000 });
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
});
