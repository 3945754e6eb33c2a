// Fan-out structures. A Feed is ONE upstream subscription shared by every client with the same subgraph, primary
// operation, variables and auth scope. It feeds ExecutionGroups: clients with the same document, variables and
// identity, whose per-event execution runs once and whose serialized result is shared.
import type { ExecutionResult } from "graphql";
import type { ClientSink } from "./client-sink.js";
import type { CredentialPool } from "./credentials.js";
import type { SharedResult } from "./shared-result.js";
import type { UpstreamEvent } from "./event-execution.js";
import { gatewayOverloaded } from "./subscription-ended.js";

export class ExecutionGroup {
  readonly clients = new Set<ClientSink>();
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;

  constructor(
    readonly key: string,
    private readonly execute: (event: UpstreamEvent, receivedAt: number) => Promise<SharedResult>,
    private readonly onEmpty: () => void,
    /** Called once per event after the fan-out, with how many clients got it (metrics are per group, not per send). */
    private readonly onDelivered: (clients: number, receivedAt: number) => void = () => undefined,
    /** Events waiting for execution before the group is declared too slow (bounded memory). */
    private readonly maxPendingEvents = 10_000,
  ) {}

  add(client: ClientSink): void {
    this.clients.add(client);
    client.onEnd(() => {
      this.clients.delete(client);
      if (this.clients.size === 0) this.onEmpty();
    });
  }

  /** Executes events one after another, so each client sees them in upstream order. */
  push(event: UpstreamEvent, receivedAt: number): void {
    if (++this.pending > this.maxPendingEvents) {
      this.fail(gatewayOverloaded());
      return;
    }
    this.tail = this.tail
      .then(async () => {
        this.pending--;
        if (this.clients.size === 0) return;
        const shared = await this.execute(event, receivedAt);
        for (const client of this.clients) client.deliver(shared);
        this.onDelivered(this.clients.size, receivedAt);
      })
      // `execute` turns execution errors into results; anything reaching here is a bug, and the chain must
      // survive it or every later event of the group would be dropped silently.
      .catch((error: unknown) => this.fail(error));
  }

  fail(error: unknown): void {
    for (const client of [...this.clients]) client.fail(error);
  }

  end(): void {
    for (const client of [...this.clients]) client.end();
  }
}

export class Feed {
  readonly groups = new Map<string, ExecutionGroup>();
  private unsubscribe: (() => void) | undefined;

  constructor(
    readonly key: string,
    private readonly open: (sink: {
      next(event: ExecutionResult): void;
      error(error: unknown): void;
      complete(): void;
    }) => () => void,
    private readonly onClosed: () => void,
    private readonly onEvent: () => void,
    /** Lends a group's credentials to the upstream connection while the group is on this feed (user-scoped feeds). */
    readonly lendCredentials: (credentials: CredentialPool) => () => void = () => () => undefined,
  ) {}

  start(): void {
    this.unsubscribe = this.open({
      next: (event) => {
        this.onEvent();
        const receivedAt = performance.now();
        for (const group of this.groups.values()) group.push(event as UpstreamEvent, receivedAt);
      },
      // Only after the upstream client ran out of retries (or the subgraph refused the operation).
      error: (error) => {
        for (const group of [...this.groups.values()]) group.fail(error);
        this.close();
      },
      complete: () => {
        for (const group of [...this.groups.values()]) group.end();
        this.close();
      },
    });
  }

  group(key: string, create: () => ExecutionGroup): ExecutionGroup {
    let group = this.groups.get(key);
    if (!group) {
      group = create();
      this.groups.set(key, group);
    }
    return group;
  }

  /** Takes a group that moved here from another feed (a schema reload changed its upstream operation). */
  adopt(group: ExecutionGroup): void {
    this.groups.set(group.key, group);
  }

  removeGroup(key: string): void {
    this.groups.delete(key);
    if (this.groups.size === 0) this.close();
  }

  close(): void {
    const unsubscribe = this.unsubscribe;
    this.unsubscribe = undefined;
    if (unsubscribe) {
      unsubscribe();
      this.onClosed();
    }
  }
}
