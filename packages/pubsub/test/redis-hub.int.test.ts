import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import type { DomainEvent } from "@tickergraph/events";
import { createEvent, InProcessEventBus } from "@tickergraph/events";
import { createLogger } from "@tickergraph/telemetry";
import { collect, infraUrls, nextValue, redisSubscribed, requireInfra, uniqueRunId, until } from "@tickergraph/testing";
import { useLeftovers } from "@tickergraph/testing/leftovers";
import type { BridgeRoutes } from "../src/index.js";
import { RedisSubscriptionHub, startEventBridge, userChannel } from "../src/index.js";
import { hubContract } from "./hub-contract.js";

const logger = createLogger("pubsub-test", "silent");
const available = await requireInfra(["redis"]);
const prefix = `${uniqueRunId()}:`;
const redisUrl = infraUrls().redis;
const makeHub = async () => new RedisSubscriptionHub({ url: redisUrl, channelPrefix: prefix, logger });
const saved = (userId: string, value: number) =>
  createEvent("user.snapshot.saved", { snapshotId: randomUUID(), userId, value, takenAt: new Date().toISOString() });

/** Redis SUBSCRIBE is asynchronous; wait until the server reports our subscriptions before publishing. */
const subscriptionsSettled = () => redisSubscribed(`${prefix}*`, 1, 5000);

if (available) {
  hubContract("Redis hub (real server)", makeHub, subscriptionsSettled);

  // Every hub, bridge and probe connection a test opens is closed after it, failed or not (last opened, first closed).
  const leftovers = useLeftovers();

  describe("Redis hub against the server's own counts", () => {
    it("holds one Redis channel subscription for 1 000 listeners and none after they leave", async () => {
      const hub = leftovers.add(await makeHub());
      const probe = leftovers.add(new Redis(redisUrl));
      const listeners = Array.from({ length: 1000 }, () => hub.listen("counted"));
      await subscriptionsSettled();
      const [, count] = (await probe.pubsub("NUMSUB", `${prefix}counted`)) as [string, number];
      expect(count).toBe(1);
      await Promise.all(listeners.map((l) => l.return!()));
      // UNSUBSCRIBE is asynchronous too: poll the server until it reports zero.
      await until(
        "Redis to report no subscriber on the channel",
        async () => ((await probe.pubsub("NUMSUB", `${prefix}counted`)) as [string, number])[1] === 0,
      );
    });
  });

  describe("Redis hub health", () => {
    it("is healthy while connected and unhealthy once closed", async () => {
      const hub = leftovers.add(await makeHub());
      const listener = hub.listen("health");
      await subscriptionsSettled();
      expect(await hub.isHealthy()).toBe(true);
      await hub.close();
      expect(await hub.isHealthy()).toBe(false);
      expect(await listener.next()).toEqual({ value: undefined, done: true });
    });

    it("reports an unreachable server as unhealthy within its timeout", async () => {
      const hub = leftovers.add(
        new RedisSubscriptionHub({ url: "redis://127.0.0.1:1", channelPrefix: prefix, logger }),
      );
      expect(await hub.isHealthy(200)).toBe(false);
    });
  });

  describe("event bridge", () => {
    it("releases its Redis dedupe claims when publishing fails, so the redelivery is bridged", async () => {
      class FlakyRedisHub extends RedisSubscriptionHub {
        failures = 1;
        override async publish(channel: string, message: unknown): Promise<void> {
          if (this.failures-- > 0) throw new Error("publish failed");
          await super.publish(channel, message);
        }
      }
      const hub = leftovers.add(new FlakyRedisHub({ url: redisUrl, channelPrefix: prefix, logger }));
      const bus = leftovers.add(new InProcessEventBus());
      const routes: BridgeRoutes = {
        "user.snapshot.saved": (e) => [userChannel("user.snapshot.saved", e.payload.userId)],
      };
      leftovers.add(await startEventBridge({ bus, hub, group: "bridge-release", logger, routes }));
      const carol = hub.listen<DomainEvent<"user.snapshot.saved">>(userChannel("user.snapshot.saved", "carol"));
      await subscriptionsSettled();
      await bus.publish([saved("carol", 7)]);
      expect((await nextValue(carol, 5000)).payload.value).toBe(7);
      expect(hub.failures).toBeLessThan(0);
      await carol.return!();
    });

    it("publishes user-scoped events on per-user channels, once even when redelivered", async () => {
      const hub = leftovers.add(await makeHub());
      const bus = leftovers.add(new InProcessEventBus());
      leftovers.add(
        await startEventBridge({
          bus,
          hub,
          group: "bridge-test",
          logger,
          routes: { "user.snapshot.saved": (e) => [userChannel(e.type, e.payload.userId)] },
        }),
      );
      const alice = hub.listen<DomainEvent<"user.snapshot.saved">>(userChannel("user.snapshot.saved", "alice"));
      await subscriptionsSettled();
      const first = saved("alice", 1);
      const second = saved("alice", 2);
      const forBob = saved("bob", 99);
      await bus.publish([first, forBob, first, second]);
      const got = await collect(alice, 2, 5000);
      expect(got.map((e) => e.payload.value)).toEqual([1, 2]);
      // A second bridge instance (another process) sees the same event again: Redis dedupe drops it.
      leftovers.add(
        await startEventBridge({
          bus,
          hub,
          group: "bridge-test-other",
          logger,
          routes: { "user.snapshot.saved": (e) => [userChannel(e.type, e.payload.userId)] },
        }),
      );
      const third = saved("alice", 3);
      await bus.publish([third]);
      expect((await nextValue(alice, 5000)).payload.value).toBe(3);
      await expect(nextValue(alice, 300)).rejects.toThrow(/timed out/);
      await alice.return!();
    });
  });
} else {
  describe.skip("Redis hub (no server)", () => {});
}
