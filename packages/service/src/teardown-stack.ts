// Cleanup gathered as resources are acquired and run in reverse, once: by stop(), and by a start that fails half-way
// (a port already taken, a broker down), so a failed start leaves no server, consumer or timer behind.
// Node 20 has no AsyncDisposableStack; this is the part of it services need.

export class TeardownStack {
  private readonly steps: Array<() => Promise<void> | void> = [];
  private unwinding: Promise<void> | undefined;

  /** Registers a step to run at unwind (after every step registered later). */
  defer(step: () => Promise<void> | void): void {
    if (this.unwinding) throw new Error("TeardownStack: defer() after unwind()");
    this.steps.push(step);
  }

  /** Registers `part.stop()` and returns the part, so acquiring and registering is one expression. */
  use<T extends { stop(): Promise<void> | void }>(part: T): T {
    this.defer(() => part.stop());
    return part;
  }

  /** Runs every step, last registered first, even when one fails; rejects with the first failure. Idempotent. */
  unwind(): Promise<void> {
    this.unwinding ??= (async () => {
      let firstFailure: { error: unknown } | undefined;
      for (const step of this.steps.splice(0).reverse()) {
        try {
          await step();
        } catch (error) {
          firstFailure ??= { error };
        }
      }
      if (firstFailure) throw firstFailure.error;
    })();
    return this.unwinding;
  }

  /** Runs a start; if it throws, unwinds what it had gathered and rethrows the start's own error. */
  async guard<T>(start: (stack: TeardownStack) => Promise<T>): Promise<T> {
    try {
      return await start(this);
    } catch (error) {
      try {
        await this.unwind();
      } catch (cleanupError) {
        throw new AggregateError([error, cleanupError], "start failed, and releasing what it had started failed too");
      }
      throw error;
    }
  }
}
