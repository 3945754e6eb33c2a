// Where an execution group hands each shared result: a pull queue (SSE, tests) or a push subscription that writes
// straight to a WebSocket (graphql-ws clients), so fan-out costs one string concat and one send per client.
import type { BoundedQueue } from "@tickergraph/bounded-queue";
import type { SharedResult } from "./shared-result.js";

export interface ClientSink {
  deliver(shared: SharedResult): void;
  /** Ends the subscription with an error (retries ran out, a slow client). */
  fail(error: unknown): void;
  end(): void;
  onEnd(teardown: () => void): void;
}

export function queueSink(queue: BoundedQueue<SharedResult>): ClientSink {
  return {
    deliver: (shared) => queue.push(shared),
    fail: (error) => queue.fail(error),
    end: () => void queue.return(),
    onEnd: (teardown) => queue.onEnd(teardown),
  };
}

/**
 * A subscription whose results are pushed by `send` rather than pulled. graphql-ws iterates it like any other
 * subscription: next() stays pending until the subscription ends (done) or fails (an error message); return()
 * — a client's `complete` or a closed socket — tears it down.
 */
export class PushSubscription implements ClientSink, AsyncIterableIterator<never> {
  private finished = false;
  private failure: { error: unknown } | undefined;
  private waiter: { resolve(r: IteratorResult<never>): void; reject(e: unknown): void } | undefined;
  private teardowns: Array<() => void> = [];

  constructor(private readonly send: (shared: SharedResult) => void) {}

  deliver(shared: SharedResult): void {
    if (!this.finished) this.send(shared);
  }

  fail(error: unknown): void {
    if (this.finished) return;
    this.failure = { error };
    this.finish();
    this.waiter?.reject(error);
  }

  end(): void {
    if (this.finished) return;
    this.finish();
    this.waiter?.resolve({ value: undefined as never, done: true });
  }

  onEnd(teardown: () => void): void {
    if (this.finished) teardown();
    else this.teardowns.push(teardown);
  }

  next(): Promise<IteratorResult<never>> {
    if (this.failure) return Promise.reject(this.failure.error);
    if (this.finished) return Promise.resolve({ value: undefined as never, done: true });
    return new Promise((resolve, reject) => (this.waiter = { resolve, reject }));
  }

  return(): Promise<IteratorResult<never>> {
    this.end();
    return Promise.resolve({ value: undefined as never, done: true });
  }

  throw(error?: unknown): Promise<IteratorResult<never>> {
    this.fail(error);
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<never> {
    return this;
  }

  private finish(): void {
    this.finished = true;
    const teardowns = this.teardowns;
    this.teardowns = [];
    for (const teardown of teardowns) teardown();
  }
}
