import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import type { BridgeRoutes } from "../src/index.js";
import type { DomainEvent } from "@tickergraph/events";
import { createEvent, InProcessEventBus } from "@tickergraph/events";
import { createLogger } from "@tickergraph/telemetry";
import { collect, nextValue } from "@tickergraph/testing";
import { useLeftovers } from "@tickergraph/testing/leftovers";
import { InProcessSubscriptionHub, publicChannel, startEventBridge, unseenEvents, userChannel } from "../src/index.js";

const logger = createLogger("bridge-test", "silent");
type Saved = DomainEvent<"user.snapshot.saved">;

const routes: BridgeRoutes = {
  "user.snapshot.saved": (e) => [userChannel(e.type, e.payload.userId)],
  "user.registered": (e) => [publicChannel(e.type)],
};

/** A hub whose next `failures` publishes reject, as Redis does while it is unreachable. */
class FlakyHub extends InProcessSubscriptionHub {
  constructor(public failures: number) {
    super();
  }
  override async publish(channel: string, message: unknown): Promise<void> {
    if (this.failures > 0) {
      this.failures--;
      throw new Error("hub unavailable");
    }
    await super.publish(channel, message);
  }
}

const saved = (userId: string, value: number) =>
  createEvent("user.snapshot.saved", { snapshotId: randomUUID(), userId, value, takenAt: new Date().toISOString() });

describe("unseenEvents", () => {
  it("keeps the first of each id within a batch and drops ids already seen", () => {
    const [a, b, c] = [saved("u", 1), saved("u", 2), saved("u", 3)];
    expect(unseenEvents([a!, b!, a!, c!, b!], (id) => id === c!.id)).toEqual([a, b]);
  });
});

describe("event bridge (in-process)", () => {
  // Bridges, hubs and buses are released after each test even when it fails (bridge first, then hub and bus).
  const leftovers = useLeftovers();
  it("publishes the whole envelope on each routed channel, per user", async () => {
    const bus = leftovers.add(new InProcessEventBus());
    const hub = leftovers.add(new InProcessSubscriptionHub());
    leftovers.add(await startEventBridge({ bus, hub, group: "g", routes, logger }));
    const alice = hub.listen<Saved>(userChannel("user.snapshot.saved", "alice"));
    const feed = hub.listen<DomainEvent<"user.registered">>(publicChannel("user.registered"));
    const forAlice = saved("alice", 1);
    const registered = createEvent("user.registered", {
      userId: "bob",
      displayName: "Bob",
      shareValue: 100,
      createdAt: new Date().toISOString(),
    });
    await bus.publish([saved("bob", 9), forAlice, registered]);
    expect(await nextValue(alice, 5000)).toEqual(forAlice);
    expect(await nextValue(feed, 5000)).toEqual(registered);
    await alice.return!();
    await feed.return!();
  });

  it("bridges a redelivered event id once, in order with the rest", async () => {
    const bus = leftovers.add(new InProcessEventBus());
    const hub = leftovers.add(new InProcessSubscriptionHub());
    leftovers.add(await startEventBridge({ bus, hub, group: "g", routes, logger }));
    const alice = hub.listen<Saved>(userChannel("user.snapshot.saved", "alice"));
    const [one, two, three] = [saved("alice", 1), saved("alice", 2), saved("alice", 3)];
    await bus.publish([one!, one!, two!]);
    await bus.publish([two!, one!, three!]);
    // Had a duplicate gone through, it would arrive before 3.
    expect((await collect(alice, 3, 5000)).map((e) => e.payload.value)).toEqual([1, 2, 3]);
    await alice.return!();
  });

  it("redelivers a batch whose publish failed instead of remembering it as bridged", async () => {
    const bus = leftovers.add(new InProcessEventBus());
    const hub = leftovers.add(new FlakyHub(1));
    leftovers.add(await startEventBridge({ bus, hub, group: "g", routes, logger }));
    const alice = hub.listen<Saved>(userChannel("user.snapshot.saved", "alice"));
    await bus.publish([saved("alice", 1)]);
    expect((await nextValue(alice, 5000)).payload.value).toBe(1);
    expect(hub.failures).toBe(0);
    // The retry published it once: the next thing on the channel is the next event, not a copy.
    await bus.publish([saved("alice", 2)]);
    expect((await nextValue(alice, 5000)).payload.value).toBe(2);
    await alice.return!();
  });
});
