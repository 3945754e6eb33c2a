import { describe, expect, it, vi } from "vitest";
import { BoundedQueue, SlowConsumerError } from "../src/index.js";

describe("BoundedQueue", () => {
  it("reports a failure once to the pending next(), then ends", async () => {
    const queue = new BoundedQueue<number>(10);
    const teardown = vi.fn();
    queue.onEnd(teardown);
    const pending = queue.next();
    queue.fail(new Error("upstream gone"));
    await expect(pending).rejects.toThrow("upstream gone");
    await expect(queue.next()).resolves.toEqual({ value: undefined, done: true });
    expect(teardown).toHaveBeenCalledTimes(1);
  });

  it("reports a failure with no reader waiting to the next call, once", async () => {
    const queue = new BoundedQueue<number>(2);
    queue.push(1);
    queue.push(2);
    queue.push(3); // over the limit
    await expect(queue.next()).rejects.toBeInstanceOf(SlowConsumerError);
    await expect(queue.next()).resolves.toEqual({ value: undefined, done: true });
  });

  it("delivers in order and ends cleanly on return()", async () => {
    const queue = new BoundedQueue<number>(10);
    queue.push(1);
    queue.push(2);
    expect(await queue.next()).toEqual({ value: 1, done: false });
    expect(await queue.next()).toEqual({ value: 2, done: false });
    const waiting = queue.next();
    await queue.return();
    expect(await waiting).toEqual({ value: undefined, done: true });
  });
});
