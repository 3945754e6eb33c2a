import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { applyMigrations, closeDatabaseDriver, createDatabaseDriver, sqlClient } from "@tickergraph/db";
import { createLogger } from "@tickergraph/telemetry";
import { infraUrls, requireInfra, uniqueRunId, withTimeout } from "@tickergraph/testing";
import { useLeftovers } from "@tickergraph/testing/leftovers";
import type { EventEnvelope } from "../src/index.js";
import type { TestEvents } from "./test-events.js";
import { envelope, enqueueEvents, KafkaEventBus, OutboxRelay } from "../src/index.js";
import { outboxContract, testConfig } from "./outbox-contract.js";

if (await requireInfra(["postgres"])) {
  outboxContract("outbox on Postgres", () => createDatabaseDriver(testConfig), `${uniqueRunId()}_`);
} else {
  describe.skip("outbox on Postgres (no server)", () => {});
}

if (await requireInfra(["postgres", "kafka"])) {
  describe("outbox through a real Kafka outage", () => {
    // Buses (and their consumers), the driver and the test schema are released after each test, failed or not.
    const leftovers = useLeftovers();
    it("keeps events while the broker is unreachable and relays every one once it is back", async () => {
      const runId = uniqueRunId();
      const driver = await createDatabaseDriver(testConfig);
      leftovers.defer("the database driver", () => closeDatabaseDriver(driver));
      const sql = sqlClient(driver);
      const schema = `${runId}_outbox_platform`;
      leftovers.defer("the test schema", () => sql.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
      await applyMigrations(sql, schema, fileURLToPath(new URL("../../db/migrations", import.meta.url)));
      const logger = createLogger("outbox-kafka-test", "silent");
      // The outage: a broker address nobody listens on, so every publish fails after its timeouts.
      const down = leftovers.add(
        new KafkaEventBus<TestEvents>({
          brokers: ["127.0.0.1:1"],
          clientId: "down",
          topicPrefix: `${runId}.`,
          logger,
          publishTimeoutMs: 1000,
        }),
      );
      const up = leftovers.add(
        new KafkaEventBus<TestEvents>({
          brokers: infraUrls().kafkaBrokers,
          clientId: "up",
          topicPrefix: `${runId}.`,
          logger,
        }),
      );
      await up.ensureTopics(["test.outage"]);
      const events = Array.from({ length: 25 }, (_, n) => envelope("test.outage", `k${n % 5}`, { n }));
      await sql.transaction((tx) =>
        enqueueEvents<TestEvents>(
          {
            $executeRawUnsafe: async (q: string, ...v: unknown[]) => {
              await tx.query(q, v);
              return 1;
            },
          },
          schema,
          events,
        ),
      );
      await expect(
        new OutboxRelay({ sql, platformSchema: schema, bus: down, logger, pollMs: 50 }).drain(),
      ).rejects.toThrow();
      await down.close();
      const received: EventEnvelope[] = [];
      let done!: () => void;
      const all = new Promise<void>((resolve) => (done = resolve));
      await up.subscribe({
        group: "outage-probe",
        types: ["test.outage"],
        onBatch: async (batch) => {
          received.push(...batch);
          if (new Set(received.map((e) => e.id)).size >= 25) done();
        },
      });
      expect(await new OutboxRelay({ sql, platformSchema: schema, bus: up, logger, pollMs: 50 }).drain()).toBe(25);
      await withTimeout(all, 30_000, "all 25 events after the outage");
      expect(new Set(received.map((e) => e.id))).toEqual(new Set(events.map((e) => e.id)));
      for (let k = 0; k < 5; k++) {
        const ns = received.filter((e) => e.key === `k${k}`).map((e) => (e.payload as { n: number }).n);
        expect(ns).toEqual([...ns].sort((a, b) => a - b));
      }
    });

    it("reports an unreachable broker as unhealthy (so /ready fails)", async () => {
      const logger = createLogger("health-test", "silent");
      const down = leftovers.add(
        new KafkaEventBus<TestEvents>({ brokers: ["127.0.0.1:1"], clientId: "down", topicPrefix: "", logger }),
      );
      const up = leftovers.add(
        new KafkaEventBus<TestEvents>({ brokers: infraUrls().kafkaBrokers, clientId: "up", topicPrefix: "", logger }),
      );
      expect(await up.isHealthy()).toBe(true);
      expect(await down.isHealthy()).toBe(false);
    });
  });
}
