// Outbox and idempotent-consumer behaviour, asserted on PGlite (unit) and on real Postgres (integration).
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "@tickergraph/config";
import type { DatabaseDriver, SqlClient } from "@tickergraph/db";
import { applyMigrations, closeDatabaseDriver, sqlClient } from "@tickergraph/db";
import { createLogger } from "@tickergraph/telemetry";
import { withTimeout } from "@tickergraph/testing";
import { useLeftovers } from "@tickergraph/testing/leftovers";
import { fileURLToPath } from "node:url";
import type { EventBus, EventEnvelope, RawExecutor } from "../src/index.js";
import type { TestEvents } from "./test-events.js";
import { envelope, enqueueEvents, handleOnce, InProcessEventBus, OutboxRelay } from "../src/index.js";

const PLATFORM_MIGRATIONS = fileURLToPath(new URL("../../db/migrations", import.meta.url));
const logger = createLogger("outbox-test", "silent");

/** The Prisma surface the outbox uses, over a raw SqlClient. */
function asPrisma(sql: SqlClient): RawExecutor & { $transaction<R>(fn: (tx: RawExecutor) => Promise<R>): Promise<R> } {
  const executor = (client: SqlClient): RawExecutor => ({
    $executeRawUnsafe: async (query, ...values) => {
      const rows = await client.query(
        `WITH done AS (${query} RETURNING 1) SELECT count(*)::int AS n FROM done`,
        values,
      );
      return (rows[0] as { n: number }).n;
    },
  });
  return { ...executor(sql), $transaction: (fn) => sql.transaction((tx) => fn(executor(tx))) };
}

/** A bus that refuses to publish while `down` is set: a broker outage. */
class FlakyBus extends InProcessEventBus<TestEvents> {
  down = false;
  override async publish(events: EventEnvelope[]) {
    if (this.down) throw new Error("broker unreachable");
    return super.publish(events);
  }
}

function received(bus: EventBus<TestEvents>, type: string, count: number) {
  const ids: string[] = [];
  let done!: () => void;
  const complete = new Promise<void>((resolve) => (done = resolve));
  const consumer = bus.subscribe({
    group: "probe",
    types: [type],
    onBatch: async (events) => {
      ids.push(...events.map((e) => e.id));
      if (ids.length >= count) done();
    },
  });
  return { ids, complete, consumer };
}

export function outboxContract(label: string, makeDriver: () => Promise<DatabaseDriver>, prefix: string) {
  describe(label, () => {
    let driver: DatabaseDriver;
    let sql: SqlClient;
    const schema = `${prefix}outbox_platform`;
    // Relays and buses a test starts are stopped after it even when an assertion fails (closing a bus stops its
    // consumers), so no relay keeps polling the schema the file drops at the end.
    const leftovers = useLeftovers();
    // The driver and schema live for the whole block; registered as soon as they exist, so a setup failing
    // half-way still closes what it had opened.
    const shared = useLeftovers({ scope: "all" });
    beforeAll(async () => {
      driver = await makeDriver();
      shared.defer("the database driver", () => closeDatabaseDriver(driver));
      sql = sqlClient(driver);
      shared.defer("the test schema", () => sql.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
      await applyMigrations(sql, schema, PLATFORM_MIGRATIONS);
    });

    it("commits events with the write and drops them with a rollback", async () => {
      const prisma = asPrisma(sql);
      const kept = envelope("test.kept", "k", { ok: true });
      await prisma.$transaction((tx) => enqueueEvents<TestEvents>(tx, schema, [kept]));
      await expect(
        prisma.$transaction(async (tx) => {
          await enqueueEvents<TestEvents>(tx, schema, [envelope("test.dropped", "k", {})]);
          throw new Error("business write failed");
        }),
      ).rejects.toThrow("business write failed");
      const rows = await sql.query<{ type: string }>(`SELECT type FROM "${schema}"."outbox_event"`);
      expect(rows.map((r) => r.type)).toEqual(["test.kept"]);
      await sql.exec(`DELETE FROM "${schema}"."outbox_event"`);
    });

    it("keeps events through a broker outage and relays them all after it", async () => {
      const bus = leftovers.add(new FlakyBus());
      const relay = leftovers.add(new OutboxRelay({ sql, platformSchema: schema, bus, logger, pollMs: 20 }));
      const events = Array.from({ length: 50 }, (_, n) => envelope("test.outage", `k${n}`, { n }));
      await asPrisma(sql).$transaction((tx) => enqueueEvents<TestEvents>(tx, schema, events));
      bus.down = true;
      await expect(relay.drain()).rejects.toThrow("broker unreachable");
      expect(await relay.pending()).toBe(50);
      bus.down = false;
      const sink = received(bus, "test.outage", 50);
      relay.start();
      await withTimeout(sink.complete, 10_000, "relayed events");
      await relay.stop();
      await (await sink.consumer).stop();
      expect(new Set(sink.ids)).toEqual(new Set(events.map((e) => e.id)));
      expect(await relay.pending()).toBe(0);
    });

    it("loses nothing when a relay dies and another takes over", async () => {
      const bus = leftovers.add(new InProcessEventBus<TestEvents>());
      const events = Array.from({ length: 30 }, (_, n) => envelope("test.crash", `k${n}`, { n }));
      await asPrisma(sql).$transaction((tx) => enqueueEvents<TestEvents>(tx, schema, events));
      // The first relay "crashes": its transaction fails mid-way, as if the process died before COMMIT.
      const dying = new OutboxRelay({
        sql,
        platformSchema: schema,
        bus: Object.assign(new InProcessEventBus<TestEvents>(), {
          publish: async () => Promise.reject(new Error("process killed")),
        }),
        logger,
        pollMs: 20,
        batchSize: 10,
      });
      await expect(dying.drain()).rejects.toThrow("process killed");
      const sink = received(bus, "test.crash", 30);
      const survivor = new OutboxRelay({ sql, platformSchema: schema, bus, logger, pollMs: 20, batchSize: 10 });
      expect(await survivor.drain()).toBe(30);
      await withTimeout(sink.complete, 10_000, "events after takeover");
      expect(new Set(sink.ids).size).toBe(30);
    });

    it("runs a handler once for an event delivered twice", async () => {
      const prisma = asPrisma(sql);
      const event = envelope("test.once", "k", {});
      let runs = 0;
      const handle = () => handleOnce(prisma, schema, "test-consumer", event.id, async () => void runs++);
      expect(await handle()).toBe(true);
      expect(await handle()).toBe(false);
      expect(runs).toBe(1);
    });
  });
}

export const testConfig = loadConfig({
  TICKERGRAPH_MODE: "distributed",
  JWT_SECRET: "outbox-contract-test-secret-32-characters",
});
