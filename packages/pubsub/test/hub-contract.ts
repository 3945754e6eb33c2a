// SubscriptionHub behaviour both implementations share (in-process: unit; Redis: integration).
import { describe, expect, it } from "vitest";
import { collect, nextValue } from "@tickergraph/testing";
import { useLeftovers } from "@tickergraph/testing/leftovers";
import type { SubscriptionHub } from "../src/index.js";
import { SlowConsumerError } from "@tickergraph/bounded-queue";

export function hubContract(
  label: string,
  makeHub: () => Promise<SubscriptionHub>,
  afterSubscribe: () => Promise<void>,
) {
  describe(label, () => {
    // Closing a hub ends its listeners too, so a failed assertion leaves no connection or listener open.
    const leftovers = useLeftovers();
    const openHub = async () => leftovers.add(await makeHub());
    it("delivers messages in order to every listener of a channel", async () => {
      const hub = await openHub();
      const a = hub.listen<{ n: number }>("feed");
      const b = hub.listen<{ n: number }>("feed");
      await afterSubscribe();
      for (let n = 0; n < 20; n++) await hub.publish("feed", { n });
      expect((await collect(a, 20)).map((m) => m.n)).toEqual([...Array(20).keys()]);
      expect((await collect(b, 20)).map((m) => m.n)).toEqual([...Array(20).keys()]);
      await a.return!();
      await b.return!();
      expect(hub.stats()).toEqual({ channels: 0, listeners: 0 });
    });

    it("keeps 1 000 listeners of one feed on one channel, and releases it when they leave", async () => {
      const hub = await openHub();
      const listeners = Array.from({ length: 1000 }, () => hub.listen("popular"));
      expect(hub.stats()).toEqual({ channels: 1, listeners: 1000 });
      await afterSubscribe();
      await hub.publish("popular", { hello: true });
      await Promise.all(listeners.slice(0, 10).map((l) => nextValue(l, 5000)));
      await Promise.all(listeners.map((l) => l.return!()));
      expect(hub.stats()).toEqual({ channels: 0, listeners: 0 });
    });

    it("leaks nothing when a listener leaves before its first message", async () => {
      const hub = await openHub();
      const early = hub.listen("quiet");
      await early.return!();
      expect(hub.stats()).toEqual({ channels: 0, listeners: 0 });
    });

    it("ends a listener parked in next() when it is returned", async () => {
      const hub = await openHub();
      const listener = hub.listen("quiet");
      const parked = listener.next();
      await listener.return!();
      expect(await parked).toEqual({ value: undefined, done: true });
      expect(hub.stats()).toEqual({ channels: 0, listeners: 0 });
    });

    it("only delivers a channel's own messages", async () => {
      const hub = await openHub();
      const mine = hub.listen<{ to: string }>("events:alice");
      await afterSubscribe();
      await hub.publish("events:bob", { to: "bob" });
      await hub.publish("events:alice", { to: "alice" });
      expect(await nextValue(mine, 5000)).toEqual({ to: "alice" });
      await mine.return!();
    });

    it("cuts off a listener that falls too far behind instead of buffering forever", async () => {
      const hub = await openHub();
      const slow = hub.listen("firehose");
      await afterSubscribe();
      for (let n = 0; n < 1100; n++) await hub.publish("firehose", { n });
      await expect(async () => {
        for (;;) await nextValue(slow, 5000);
      }).rejects.toBeInstanceOf(SlowConsumerError);
      expect(hub.stats()).toEqual({ channels: 0, listeners: 0 });
    });
  });
}
