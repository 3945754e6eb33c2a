// 1-minute candles on PGlite (real SQL, no server): bucketing, OHLC, and redelivered ticks applied once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServiceDatabase } from "@tickergraph/db";
import { openMemoryServiceDatabase } from "@tickergraph/db";
import { PrismaClient } from "../generated/prisma/client.js";
import { CandleQueries } from "../src/data/candle-queries.js";
import { CandleStore } from "../src/data/candles.js";

const tick = (price: number, at: string) => ({ symbol: "AAPL", price, at: `2026-11-23T09:${at}Z` });

describe("candles", () => {
  let db: ServiceDatabase<PrismaClient>;
  let store: CandleStore;
  let queries: CandleQueries;
  beforeAll(async () => {
    db = await openMemoryServiceDatabase({
      service: "market",
      migrationsDir: new URL("../prisma/migrations", import.meta.url),
      createClient: (adapter) => new PrismaClient({ adapter }),
    });
    store = new CandleStore(db.sql, db.schema);
    queries = new CandleQueries(db.prisma);
  });
  afterAll(async () => {
    await db?.close();
  });

  const read = async () =>
    (await queries.between("AAPL", "2026-11-23T09:00:00Z", "2026-11-23T10:00:00Z")).map((c) => ({
      start: c.start.toISOString(),
      open: c.open,
      high: c.high,
      low: c.low,
      close: c.close,
      count: c.count,
    }));

  it("folds the ticks of a minute into open, high, low, close and count, one candle per minute", async () => {
    await store.apply([tick(100, "41:00.000"), tick(104, "41:20.000"), tick(98, "41:40.000"), tick(101, "41:59.999")]);
    await store.apply([tick(102, "42:00.000")]);
    expect(await read()).toEqual([
      { start: "2026-11-23T09:41:00.000Z", open: 100, high: 104, low: 98, close: 101, count: 4 },
      { start: "2026-11-23T09:42:00.000Z", open: 102, high: 102, low: 102, close: 102, count: 1 },
    ]);
  });

  it("ignores a redelivered batch, and a tick older than the candle's last", async () => {
    const before = await read();
    await store.apply([tick(104, "41:20.000"), tick(98, "41:40.000"), tick(101, "41:59.999"), tick(102, "42:00.000")]);
    await store.apply([tick(50, "41:30.000")]);
    expect(await read()).toEqual(before);
  });

  it("returns candles in [from, to) and refuses an inverted or too long range", async () => {
    const only = await queries.between("AAPL", "2026-11-23T09:42:00Z", "2026-11-23T09:43:00Z");
    expect(only.map((c) => c.start.toISOString())).toEqual(["2026-11-23T09:42:00.000Z"]);
    await expect(queries.between("AAPL", "2026-11-23T10:00:00Z", "2026-11-23T09:00:00Z")).rejects.toMatchObject({
      extensions: { code: "BAD_USER_INPUT", field: "to" },
    });
    await expect(queries.between("AAPL", "2026-11-01T00:00:00Z", "2026-11-23T00:00:00Z")).rejects.toMatchObject({
      extensions: { code: "BAD_USER_INPUT" },
    });
    await expect(queries.between("AAPL", "yesterday", "2026-11-23T00:00:00Z")).rejects.toMatchObject({
      extensions: { code: "BAD_USER_INPUT", field: "from" },
    });
  });
});
