// A start that fails after the foundation opened (here: the port is taken) stops everything it had started: the
// Kafka consumers leave their groups, the relay, database pool, Redis and Kafka clients close, no timer is left.
import net from "node:net";
import { Kafka, logLevel } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { KafkaEventBus } from "@tickergraph/events";
import { createLogger } from "@tickergraph/telemetry";
import { requireInfra, testConfig, uniqueRunId } from "@tickergraph/testing";
import { EVALUATOR_GROUP } from "../src/evaluator/evaluator.js";
import { ALERT_BRIDGE_GROUP } from "../src/events/bridge-routes.js";
import { start } from "../src/index.js";

const available = await requireInfra(["postgres", "kafka", "redis"]);

/** Handles that keep a process alive (sockets, servers, timers), by kind. */
const liveHandles = () =>
  process
    .getActiveResourcesInfo()
    .filter((kind) => kind !== "CloseReq")
    .sort();

describe.runIf(available)("a failed alert subgraph start", () => {
  const config = testConfig(uniqueRunId());
  const blocker = net.createServer();
  let takenPort: number;
  const admin = new Kafka({
    clientId: "failed-start-test",
    brokers: config.kafka.brokers,
    logLevel: logLevel.NOTHING,
  }).admin();
  beforeAll(async () => {
    await new Promise<void>((resolve) => blocker.listen(0, config.host, resolve));
    takenPort = (blocker.address() as net.AddressInfo).port;
    await admin.connect();
    const bus = new KafkaEventBus({ ...config.kafka, logger: createLogger("setup", "silent") });
    await bus.ensureTopics();
    await bus.close();
  });
  afterAll(async () => {
    await admin.disconnect();
    await new Promise<void>((resolve) => blocker.close(() => resolve()));
  });

  it("rejects with the port error and leaves no consumer, connection or timer behind", async () => {
    // A first full start and stop, so modules, pools and lazily created globals exist before the count.
    const warm = await start(config);
    await warm.stop();
    const before = liveHandles();

    const onTakenPort = {
      ...config,
      services: { ...config.services, alert: { ...config.services.alert, port: takenPort } },
    };
    await expect(start(onTakenPort)).rejects.toMatchObject({ code: "EADDRINUSE" });

    const groups = [EVALUATOR_GROUP, ALERT_BRIDGE_GROUP].map((group) => `${config.kafka.topicPrefix}${group}`);
    const { groups: described } = await admin.describeGroups(groups);
    expect(described.map((group) => ({ groupId: group.groupId, members: group.members.length }))).toEqual(
      groups.map((groupId) => ({ groupId, members: 0 })),
    );
    // Closing sockets finish on the next turns of the loop: wait for the count to come back, with a deadline.
    await vi.waitFor(() => expect(liveHandles().length).toBeLessThanOrEqual(before.length), {
      timeout: 15_000,
      interval: 100,
    });

    // Nothing held on to: the same subgraph starts on a free port and serves.
    const again = await start(config);
    try {
      const health = await fetch(again.url.replace("/graphql", "/health"));
      expect(health.status).toBe(200);
    } finally {
      await again.stop();
    }
  });
});
