// Collects the entity fetches one client request sends to one subgraph while its plan fans out (the branches of a
// Parallel node start in the same cascade of promise callbacks), then sends them as one request (./entity-batches.ts).
// The queue flushes on the next tick: after the cascade that issued the fetches, before any I/O, so a fetch waits
// for its siblings to be issued and never for the network.
import type { EntityRequest, EntityResponse } from "./entity-batches.js";
import { combineEntityFetches } from "./entity-batches.js";

interface Waiting<O, T> {
  options: O;
  resolve(response: T): void;
  reject(error: unknown): void;
}

export class EntityBatchQueue<O extends { request: EntityRequest }, T extends EntityResponse> {
  private readonly waiting = new Map<object, Waiting<O, T>[]>();
  /** Requests that carried more than one fetch, and the fetches they carried (for tests and metrics). */
  readonly counts = { batches: 0, batchedFetches: 0 };

  constructor(private readonly send: (options: O) => Promise<T>) {}

  /** `group` is what may share a request: the client request's context object (never two callers). */
  add(group: object, options: O): Promise<T> {
    let list = this.waiting.get(group);
    if (!list) {
      list = [];
      this.waiting.set(group, list);
      process.nextTick(() => this.flush(group));
    }
    const waiting = list;
    return new Promise<T>((resolve, reject) => waiting.push({ options, resolve, reject }));
  }

  private flush(group: object): void {
    const list = this.waiting.get(group)!;
    this.waiting.delete(group);
    if (list.length === 1) {
      const [only] = list;
      this.send(only!.options).then(only!.resolve, only!.reject);
      return;
    }
    this.counts.batches++;
    this.counts.batchedFetches += list.length;
    const combined = combineEntityFetches(list.map((w) => w.options.request));
    this.send({ ...list[0]!.options, request: combined.request }).then(
      (response) => {
        const parts = combined.split(response);
        for (const [i, w] of list.entries()) w.resolve(parts[i]!);
      },
      (error: unknown) => {
        for (const w of list) w.reject(error);
      },
    );
  }
}
