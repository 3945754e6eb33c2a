import { Kafka, logLevel } from "kafkajs";
import { describe, expect, it } from "vitest";
import { createLogger } from "@tickergraph/telemetry";
import { infraUrls, requireInfra, uniqueRunId, until, withTimeout } from "@tickergraph/testing";
import { useLeftovers } from "@tickergraph/testing/leftovers";
import type { EventEnvelope } from "../src/index.js";
import type { TestEvents } from "./test-events.js";
import { envelope, KafkaEventBus } from "../src/index.js";
import { busContract } from "./bus-contract.js";

const BROKERS = infraUrls().kafkaBrokers;
const available = await requireInfra(["kafka"]);

function kafkaBus(topicPrefix: string, onConsumerRestart?: (group: string) => void): KafkaEventBus<TestEvents> {
  return new KafkaEventBus<TestEvents>({
    brokers: BROKERS,
    clientId: "events-test",
    topicPrefix,
    logger: createLogger("events-test", "silent"),
    onConsumerRestart,
    consumerBackoffMs: { initial: 100, max: 1000 },
  });
}

/** The shared `until`, with the argument order this file's calls use. */
const waitFor = (what: string, timeoutMs: number, probe: () => boolean) => until(what, probe, timeoutMs);

if (available) {
  busContract("Kafka bus (real broker)", async () => {
    const bus = kafkaBus(`${uniqueRunId()}.`);
    await bus.ensureTopics(["test.thing.happened"]);
    return { bus, type: "test.thing.happened", cleanup: () => bus.close() };
  });

  describe("Kafka bus specifics", () => {
    // Closing a bus stops its consumers too, so each test registers its bus and any client of its own.
    const leftovers = useLeftovers();
    it("skips a message that is not an event envelope and goes on with the next one", async () => {
      const prefix = `${uniqueRunId()}.`;
      const bus = leftovers.add(kafkaBus(prefix));
      await bus.ensureTopics(["test.thing.happened"]);
      // A foreign producer writes garbage to the topic, on the same key (so the same partition) as a real event.
      const raw = leftovers.add(
        new Kafka({ brokers: BROKERS, clientId: "foreign", logLevel: logLevel.NOTHING }).producer(),
      );
      await raw.connect();
      await raw.send({
        topic: `${prefix}test.thing.happened`,
        messages: [
          { key: "k", value: "not json at all" },
          { key: "k", value: JSON.stringify({ hello: "world" }) },
          { key: "k", value: null },
        ],
      });
      await raw.disconnect();
      const event = envelope("test.thing.happened", "k", { n: 1 });
      await bus.publish([event]);
      const received: EventEnvelope[] = [];
      let done!: () => void;
      const arrived = new Promise<void>((resolve) => (done = resolve));
      const consumer = await bus.subscribe({
        group: "garbage",
        types: ["test.thing.happened"],
        onBatch: async (events) => {
          received.push(...events);
          if (received.some((e) => e.id === event.id)) done();
        },
      });
      await withTimeout(arrived, 30_000, "the valid event after the garbage");
      await consumer.stop();
      expect(received.map((e) => e.id)).toEqual([event.id]);
      expect(received[0]!.payload).toEqual({ n: 1 });
    });

    it("commits a DeferredCommit batch only once its durable promise resolves, and reports the lag until then", async () => {
      const bus = leftovers.add(kafkaBus(`${uniqueRunId()}.`));
      await bus.ensureTopics(["test.thing.happened"]);
      await bus.publish([
        envelope("test.thing.happened", "k", { n: 1 }),
        envelope("test.thing.happened", "k", { n: 2 }),
      ]);
      let store!: () => void;
      const stored = new Promise<void>((resolve) => (store = resolve));
      let delivered!: () => void;
      const arrived = new Promise<void>((resolve) => (delivered = resolve));
      await bus.subscribe({
        group: "write-behind",
        types: ["test.thing.happened"],
        onBatch: async () => {
          delivered();
          return { durable: stored };
        },
      });
      const lag = async () =>
        (await bus.consumerLag("write-behind", ["test.thing.happened"])).reduce((sum, p) => sum + p.lag, 0);
      await withTimeout(arrived, 30_000, "the batch");
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await lag()).toBe(2);
      store();
      const deadline = Date.now() + 15_000;
      while ((await lag()) !== 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await lag()).toBe(0);
    });

    it("rebuilds a consumer that crashed, reports it down until it rejoined, counts the restart, and loses nothing", async () => {
      const prefix = `${uniqueRunId()}.`;
      const type = "test.thing.happened";
      const restarts: string[] = [];
      const bus = leftovers.add(kafkaBus(prefix, (group) => restarts.push(group)));
      await bus.ensureTopics([type]);
      const events = Array.from({ length: 5 }, (_, n) => envelope(type, "same-key", { n }));
      const received: number[] = [];
      let failing = true;
      await bus.subscribe({
        group: "crashing",
        types: [type],
        // Fails until kafkajs gave up retrying the batch (its crash): the crash is what must not stop the consumer.
        onBatch: async (batch) => {
          if (failing) throw new Error("a handler that keeps failing");
          received.push(...batch.map((e) => (e.payload as { n: number }).n));
        },
      });
      await waitFor("the consumer to run", 30_000, () => bus.consumerHealth().every((c) => c.running));
      await bus.publish(events);
      await waitFor("the crash to mark the consumer down", 60_000, () => bus.consumerHealth()[0]?.running === false);
      failing = false;
      await waitFor("the rebuilt consumer to run", 60_000, () => bus.consumerHealth()[0]?.running === true);
      await waitFor("all five events", 30_000, () => received.length >= 5);
      expect(received.slice(0, 5)).toEqual([0, 1, 2, 3, 4]);
      expect(restarts).toEqual([`${prefix}crashing`]);
      expect(bus.consumerHealth()).toEqual([{ group: `${prefix}crashing`, running: true, restarts: 1 }]);
    });

    it("resumes a 'latest' group where it first joined: events of partitions it never committed are not skipped", async () => {
      const prefix = `${uniqueRunId()}.`;
      const type = "test.thing.happened";
      const bus = leftovers.add(kafkaBus(prefix));
      await bus.ensureTopics([type]);
      const received = new Set<string>();
      const subscribe = () =>
        bus.subscribe({
          group: "live",
          types: [type],
          fromBeginning: false,
          onBatch: async (batch) => {
            for (const e of batch) received.add(e.id);
          },
        });
      const first = await subscribe();
      await waitFor("the consumer to run", 30_000, () => bus.consumerHealth().every((c) => c.running));
      const before = envelope(type, "only-one-key", { n: 0 });
      await bus.publish([before]);
      await waitFor("the first event", 30_000, () => received.has(before.id));
      await first.stop();
      // While no member runs, events land on every partition, including ones this group never committed.
      const meanwhile = Array.from({ length: 12 }, (_, n) => envelope(type, `key-${n}`, { n }));
      await bus.publish(meanwhile);
      await subscribe();
      await waitFor("every event published while it was away", 30_000, () =>
        meanwhile.every((e) => received.has(e.id)),
      );
    });

    it("commits offsets for a group, and none for an ephemeral subscriber, which leaves nothing to resume", async () => {
      const prefix = `${uniqueRunId()}.`;
      const type = "test.thing.happened";
      const bus = leftovers.add(kafkaBus(prefix));
      await bus.ensureTopics([type]);
      const event = envelope(type, "k", { n: 1 });
      await bus.publish([event]);
      const consumeOnce = async (ephemeral: boolean) => {
        let done!: () => void;
        const arrived = new Promise<void>((resolve) => (done = resolve));
        const consumer = await bus.subscribe({
          group: ephemeral ? "index" : "durable",
          ephemeral,
          types: [type],
          onBatch: async () => done(),
        });
        await withTimeout(arrived, 30_000, `the event (${ephemeral ? "ephemeral" : "durable"})`);
        await consumer.stop();
      };
      await consumeOnce(false);
      await consumeOnce(true);
      await bus.close();

      const admin = leftovers.add(
        new Kafka({ brokers: BROKERS, clientId: "inspect", logLevel: logLevel.NOTHING }).admin(),
      );
      await admin.connect();
      {
        const committed = async (groupId: string) =>
          (await admin.fetchOffsets({ groupId, topics: [`${prefix}${type}`] }))
            .flatMap((t) => t.partitions)
            .filter((p) => p.offset !== "-1");
        expect(await committed(`${prefix}durable`)).toHaveLength(1);
        const { groups } = await admin.listGroups();
        const ephemeralGroups = groups.filter((g) => g.groupId.startsWith(`${prefix}index.`));
        expect(ephemeralGroups).toHaveLength(1);
        expect(await committed(ephemeralGroups[0]!.groupId)).toEqual([]);
      }
    });
  });
} else {
  describe.skip("Kafka bus (no broker)", () => {});
}
