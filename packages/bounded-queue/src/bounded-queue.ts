// A bounded queue read as an async iterator: what a subscription resolver returns (fed by a channel callback), and
// the gateway's per-client backlog. A reader more than `limit` values behind fails with SlowConsumerError.
// Teardown runs exactly once — on return(), throw(), or overflow — even if next() was never called,
// which is where graphql-redis-subscriptions' own iterator leaks.

export class SlowConsumerError extends Error {
  constructor(limit: number) {
    super(`subscriber fell more than ${limit} messages behind and was disconnected`);
    this.name = "SlowConsumerError";
  }
}

export class BoundedQueue<T> implements AsyncIterableIterator<T> {
  private readonly buffer: T[] = [];
  private readonly waiting: Array<{ resolve(result: IteratorResult<T>): void; reject(error: unknown): void }> = [];
  private finished = false;
  private failure: unknown;
  private teardowns: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  /** Registers work to run once when the iterator ends (at once if it already has). */
  onEnd(teardown: () => void): void {
    if (this.finished) teardown();
    else this.teardowns.push(teardown);
  }

  push(value: T): void {
    if (this.finished) return;
    const waiter = this.waiting.shift();
    if (waiter) waiter.resolve({ value, done: false });
    else if (this.buffer.length >= this.limit) this.fail(new SlowConsumerError(this.limit));
    else this.buffer.push(value);
  }

  fail(error: unknown): void {
    if (this.finished) return;
    this.buffer.length = 0;
    const waiters = this.waiting.splice(0);
    // Reported once: to the pending next() if there is one, otherwise to the next call.
    if (waiters.length === 0) this.failure = error;
    this.end();
    for (const waiter of waiters) waiter.reject(error);
  }

  next(): Promise<IteratorResult<T>> {
    if (this.buffer.length > 0) return Promise.resolve({ value: this.buffer.shift()!, done: false });
    if (this.failure !== undefined) {
      const error = this.failure;
      this.failure = undefined;
      return Promise.reject(error);
    }
    if (this.finished) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  return(): Promise<IteratorResult<T>> {
    this.buffer.length = 0;
    this.end();
    for (const waiter of this.waiting.splice(0)) waiter.resolve({ value: undefined, done: true });
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error?: unknown): Promise<IteratorResult<T>> {
    this.fail(error);
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  get size(): number {
    return this.buffer.length;
  }

  private end(): void {
    if (this.finished) return;
    this.finished = true;
    const teardowns = this.teardowns;
    this.teardowns = [];
    for (const teardown of teardowns) teardown();
  }
}
