import { describe, expect, it } from "vitest";
import { until, withTimeout } from "@tickergraph/testing";
import { useLeftovers } from "@tickergraph/testing/leftovers";
import { envelope, InProcessEventBus } from "../src/index.js";
import type { TestEvents } from "./test-events.js";
import { busContract } from "./bus-contract.js";

busContract("in-process bus", async () => {
  const bus = new InProcessEventBus<TestEvents>();
  return { bus, type: "test.thing.happened", cleanup: () => bus.close() };
});

describe("in-process bus specifics", () => {
  // Each test's consumers are stopped (their delivery loops awaited) and its bus closed, even when it fails.
  const leftovers = useLeftovers();
  it("returns from publish before a slow handler finishes", async () => {
    const bus = leftovers.add(new InProcessEventBus<TestEvents>());
    let release!: () => void;
    const handlerBlocked = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const handlerStarted = new Promise<void>((resolve) => (started = resolve));
    leftovers.add(
      await bus.subscribe({
        group: "slow",
        types: ["t"],
        onBatch: async () => {
          started();
          await handlerBlocked;
        },
      }),
    );
    await bus.publish([envelope("t", "k", {})]);
    await withTimeout(handlerStarted, 2000, "the handler to start");
    release();
  });

  it("reports a group's lag per partition: what is published and not yet handled", async () => {
    const bus = leftovers.add(new InProcessEventBus<TestEvents>());
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    leftovers.add(await bus.subscribe({ group: "lagging", types: ["t"], onBatch: () => blocked }));
    await bus.publish([envelope("t", "k", {}), envelope("t", "k", {})]);
    const lag = async () => (await bus.consumerLag("lagging", ["t"])).reduce((sum, p) => sum + p.lag, 0);
    expect(await lag()).toBe(2);
    release();
    for (let i = 0; i < 100 && (await lag()) > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await lag()).toBe(0);
  });
});

describe("in-process bus consumer stop", () => {
  it("is idempotent: stopping a consumer twice (its test, then the cleanup) leaves the other member running", async () => {
    const bus = new InProcessEventBus<TestEvents>();
    const seen: string[] = [];
    const onBatch = (name: string) => async (events: { id: string }[]) => void seen.push(...events.map(() => name));
    const a = await bus.subscribe({ group: "pair", types: ["t"], onBatch: onBatch("a") as never });
    const b = await bus.subscribe({ group: "pair", types: ["t"], onBatch: onBatch("b") as never });
    await a.stop();
    await a.stop();
    await bus.publish(Array.from({ length: 8 }, (_, n) => envelope("t", `k${n}`, {})));
    await until("the remaining member to take every event", () => seen.length === 8, 5000);
    await b.stop();
    expect(seen).toEqual(Array(8).fill("b"));
  });
});
