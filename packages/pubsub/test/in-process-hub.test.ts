import { InProcessSubscriptionHub } from "../src/index.js";
import { hubContract } from "./hub-contract.js";

hubContract(
  "in-process hub",
  async () => new InProcessSubscriptionHub(),
  async () => {},
);

import { describe, expect, it } from "vitest";
import { BoundedQueue } from "@tickergraph/bounded-queue";

describe("BoundedQueue", () => {
  it("runs every registered teardown exactly once", async () => {
    const queue = new BoundedQueue<number>(10);
    const calls: string[] = [];
    queue.onEnd(() => calls.push("first"));
    queue.onEnd(() => calls.push("second"));
    await queue.return();
    await queue.return();
    queue.onEnd(() => calls.push("late"));
    expect(calls).toEqual(["first", "second", "late"]);
  });
});

import { InProcessSubscriptionHub as Hub, listenDistinct } from "../src/index.js";

describe("listenDistinct", () => {
  it("drops repeated event ids and releases a quiet channel at once on return()", async () => {
    const hub = new Hub();
    const events = listenDistinct<{ id: string }>(hub, "quiet");
    const pending = events.next();
    await hub.publish("quiet", { id: "a" });
    await hub.publish("quiet", { id: "a" });
    await hub.publish("quiet", { id: "b" });
    expect((await pending).value).toEqual({ id: "a" });
    expect((await events.next()).value).toEqual({ id: "b" });
    const parked = events.next();
    await events.return!();
    expect(hub.stats()).toEqual({ channels: 0, listeners: 0 });
    expect((await parked).done).toBe(true);
  });
});
