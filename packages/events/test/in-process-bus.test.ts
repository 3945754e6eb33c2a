import { describe, expect, it } from "vitest";
import { withTimeout } from "@tickergraph/testing";
import { envelope, InProcessEventBus } from "../src/index.js";
import type { TestEvents } from "./test-events.js";
import { busContract } from "./bus-contract.js";

busContract("in-process bus", async () => ({
  bus: new InProcessEventBus<TestEvents>(),
  type: "test.thing.happened",
  cleanup: async () => {},
}));

describe("in-process bus specifics", () => {
  it("returns from publish before a slow handler finishes", async () => {
    const bus = new InProcessEventBus<TestEvents>();
    let release!: () => void;
    const handlerBlocked = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const handlerStarted = new Promise<void>((resolve) => (started = resolve));
    const consumer = await bus.subscribe({
      group: "slow",
      types: ["t"],
      onBatch: async () => {
        started();
        await handlerBlocked;
      },
    });
    await bus.publish([envelope("t", "k", {})]);
    await withTimeout(handlerStarted, 2000, "the handler to start");
    release();
    await consumer.stop();
  });

  it("reports a group's lag per partition: what is published and not yet handled", async () => {
    const bus = new InProcessEventBus<TestEvents>();
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    const consumer = await bus.subscribe({ group: "lagging", types: ["t"], onBatch: () => blocked });
    await bus.publish([envelope("t", "k", {}), envelope("t", "k", {})]);
    const lag = async () => (await bus.consumerLag("lagging", ["t"])).reduce((sum, p) => sum + p.lag, 0);
    expect(await lag()).toBe(2);
    release();
    for (let i = 0; i < 100 && (await lag()) > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await lag()).toBe(0);
    await consumer.stop();
  });
});
