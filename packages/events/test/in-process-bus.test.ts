import { describe, it } from "vitest";
import { withTimeout } from "@tickergraph/testing";
import { createEvent, InProcessEventBus } from "../src/index.js";
import { busContract } from "./bus-contract.js";

busContract("in-process bus", async () => ({ bus: new InProcessEventBus(), type: "test.thing.happened", cleanup: async () => {} }));

describe("in-process bus specifics", () => {
  it("returns from publish before a slow handler finishes", async () => {
    const bus = new InProcessEventBus();
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
    await bus.publish([createEvent("t", "k", {})]);
    await withTimeout(handlerStarted, 2000, "the handler to start");
    release();
    await consumer.stop();
  });
});
