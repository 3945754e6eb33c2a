// The behaviour both buses must share, asserted against the in-process bus (unit) and Kafka (integration).
import { describe, expect, it } from "vitest";
import { withTimeout } from "@tickergraph/testing";
import { useLeftovers } from "@tickergraph/testing/leftovers";
import type { EventBus, EventEnvelope } from "../src/index.js";
import type { TestEvents } from "./test-events.js";
import { envelope } from "../src/index.js";

type Received = EventEnvelope<{ n: number }> & { meta: { partition: number } };

/** Collects events delivered to a consumer and resolves once `count` arrived. */
function collector(count: number) {
  const seen: Received[] = [];
  let done!: () => void;
  const complete = new Promise<void>((resolve) => (done = resolve));
  return {
    seen,
    complete,
    onBatch: async (events: Received[]) => {
      seen.push(...events);
      if (seen.length >= count) done();
    },
  };
}

export function busContract(
  label: string,
  makeBus: () => Promise<{ bus: EventBus<TestEvents>; type: string; cleanup(): Promise<void> }>,
) {
  describe(label, () => {
    // The bus's cleanup also stops its consumers, so a failed assertion leaks none of them.
    const leftovers = useLeftovers();
    const openBus = async () => {
      const made = await makeBus();
      leftovers.defer("the bus", made.cleanup);
      return made;
    };
    it("delivers every event once, in order per key", async () => {
      const { bus, type } = await openBus();
      const events = Array.from({ length: 300 }, (_, n) => envelope(type, `k${n % 7}`, { n }));
      const sink = collector(events.length);
      const consumer = await bus.subscribe({ group: "ordered", types: [type], onBatch: sink.onBatch as never });
      await bus.publish(events);
      await withTimeout(sink.complete, 30_000, "all 300 events");
      await consumer.stop();
      expect(new Set(sink.seen.map((e) => e.id)).size).toBe(300);
      for (let k = 0; k < 7; k++) {
        const ns = sink.seen.filter((e) => e.key === `k${k}`).map((e) => e.payload.n);
        expect(ns).toEqual([...ns].sort((a, b) => a - b));
      }
    });

    it("redelivers a batch whose handler failed, so nothing is lost", async () => {
      const { bus, type } = await openBus();
      const sink = collector(5);
      let failures = 0;
      const consumer = await bus.subscribe({
        group: "flaky",
        types: [type],
        onBatch: (async (events: Received[]) => {
          if (failures++ < 2) throw new Error("transient failure");
          await sink.onBatch(events);
        }) as never,
      });
      await bus.publish(Array.from({ length: 5 }, (_, n) => envelope(type, "same-key", { n })));
      await withTimeout(sink.complete, 30_000, "redelivered events");
      await consumer.stop();
      expect(failures).toBeGreaterThanOrEqual(3);
      expect(sink.seen.map((e) => e.payload.n).slice(0, 5)).toEqual([0, 1, 2, 3, 4]);
    });

    it("gives each group every event", async () => {
      const { bus, type } = await openBus();
      const a = collector(10);
      const b = collector(10);
      const ca = await bus.subscribe({ group: "group-a", types: [type], onBatch: a.onBatch as never });
      const cb = await bus.subscribe({ group: "group-b", types: [type], onBatch: b.onBatch as never });
      await bus.publish(Array.from({ length: 10 }, (_, n) => envelope(type, `k${n}`, { n })));
      await withTimeout(Promise.all([a.complete, b.complete]), 30_000, "both groups");
      await Promise.all([ca.stop(), cb.stop()]);
      expect(a.seen).toHaveLength(10);
      expect(b.seen).toHaveLength(10);
    });

    it("gives every ephemeral subscriber of a group every event", async () => {
      const { bus, type } = await openBus();
      const a = collector(10);
      const b = collector(10);
      const ca = await bus.subscribe({ group: "index", ephemeral: true, types: [type], onBatch: a.onBatch as never });
      const cb = await bus.subscribe({ group: "index", ephemeral: true, types: [type], onBatch: b.onBatch as never });
      await bus.publish(Array.from({ length: 10 }, (_, n) => envelope(type, `k${n}`, { n })));
      await withTimeout(Promise.all([a.complete, b.complete]), 30_000, "both ephemeral subscribers");
      await Promise.all([ca.stop(), cb.stop()]);
      expect(a.seen.map((e) => e.payload.n).sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(b.seen.map((e) => e.payload.n).sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    });

    it("splits the partitions between two members of one group and loses nothing", async () => {
      const { bus, type } = await openBus();
      const seenBy = { a: new Set<string>(), b: new Set<string>() };
      let progress: () => void = () => undefined;
      const member = (name: "a" | "b") =>
        bus.subscribe({
          group: "split",
          types: [type],
          onBatch: async (events) => {
            for (const event of events) seenBy[name].add(event.id);
            progress();
          },
        });
      const [a, b] = await Promise.all([member("a"), member("b")]);
      // Kafka assigns partitions after a rebalance whose timing we cannot observe through the bus, so keep
      // publishing (bounded by the deadline) until both members have received something.
      const published = new Set<string>();
      const deadline = Date.now() + 30_000;
      while (seenBy.a.size === 0 || seenBy.b.size === 0) {
        if (Date.now() > deadline) throw new Error("both members did not receive events within 30 s");
        const events = Array.from({ length: 30 }, (_, n) => envelope(type, `k${n}`, { n }));
        for (const event of events) published.add(event.id);
        await bus.publish(events);
        await Promise.race([
          new Promise<void>((resolve) => (progress = resolve)),
          new Promise((resolve) => setTimeout(resolve, 200)),
        ]);
      }
      const union = () => new Set([...seenBy.a, ...seenBy.b]);
      while ([...published].some((id) => !union().has(id))) {
        await withTimeout(new Promise<void>((resolve) => (progress = resolve)), 30_000, "the remaining events");
      }
      await Promise.all([a.stop(), b.stop()]);
      expect(union()).toEqual(published);
    });
  });
}
