// graphql-ws connections from the gateway to subgraphs: one per (subgraph, auth scope), multiplexing every
// upstream subscription of that scope. They ping (subgraph sockets die silently behind idle timeouts), retry with
// exponential backoff, and re-subscribe after a subgraph restart; they close when their last subscription ends.
import type { Client } from "graphql-ws";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { CLOSE_CODES } from "@tickergraph/errors";
import type { Logger } from "@tickergraph/telemetry";
import type { CredentialPool } from "./credentials.js";
import { freshestOf } from "./credentials.js";

export interface UpstreamOptions {
  keepAliveMs: number;
  retryAttempts: number;
  logger: Logger;
}

interface Entry {
  client: Client;
  users: number;
  /** The credentials of the execution groups using this connection right now. */
  lenders: Set<CredentialPool>;
  /** The Authorization the current (or last) socket was opened with. */
  connectedWith: string | undefined;
}

export class UpstreamConnections {
  private readonly clients = new Map<string, Entry>();

  constructor(private readonly options: UpstreamOptions) {}

  /**
   * A client for `wsUrl` in `scopeKey` ("public" or "user:<id>"); release it when done. Every user of a user
   * scope shares one connection, and each execution group on it lends it its clients' tokens with `lend`; the
   * connection (re)connects with the freshest unexpired one, so a reconnect after a restart fails neither on the
   * first client's expired token nor on the token of one that left. A public scope never carries credentials.
   */
  acquire(
    wsUrl: string,
    scopeKey: string,
  ): {
    client: Client;
    lend(credentials: CredentialPool): () => void;
    /**
     * After the subgraph closed the socket with 4401 (its token expired or was revoked): whether another client of
     * this scope lends a valid token the socket was not opened with, so subscribing again is worth it.
     */
    hasFresherToken(): boolean;
    release(): void;
  } {
    const key = `${wsUrl}|${scopeKey}`;
    let entry = this.clients.get(key);
    if (!entry) entry = this.open(key, wsUrl, scopeKey);
    entry.users++;
    const held = entry;
    let released = false;
    return {
      client: held.client,
      lend: (credentials) => {
        if (scopeKey === "public") return () => undefined;
        held.lenders.add(credentials);
        return () => void held.lenders.delete(credentials);
      },
      hasFresherToken: () => {
        const fresher = freshestOf(held.lenders);
        return fresher !== undefined && fresher !== held.connectedWith;
      },
      release: () => {
        if (released) return;
        released = true;
        held.users--;
        if (held.users === 0 && this.clients.get(key) === held) {
          this.clients.delete(key);
          // graphql-ws's dispose() awaits a connection attempt still under way and rejects with its CloseEvent
          // when that attempt fails; unhandled, that rejection would end the gateway process.
          Promise.resolve(held.client.dispose()).catch(() => undefined);
        }
      },
    };
  }

  private open(key: string, wsUrl: string, scopeKey: string): Entry {
    const logger = this.options.logger.child({
      upstream: wsUrl,
      scope: scopeKey.startsWith("user:") ? "user" : scopeKey,
    });
    const { keepAliveMs } = this.options;
    let pongTimeout: NodeJS.Timeout | undefined;
    /** Marks the outstanding ping answered (its timeout may already have fired and be deciding). */
    let answerPing = (): void => undefined;
    const entry: Entry = {
      users: 0,
      lenders: new Set(),
      client: undefined as unknown as Client,
      connectedWith: undefined,
    };
    entry.client = createClient({
      url: wsUrl,
      webSocketImpl: WebSocket,
      connectionParams: () => {
        const authorization = freshestOf(entry.lenders);
        entry.connectedWith = authorization;
        return authorization ? { authorization } : {};
      },
      lazy: true,
      lazyCloseTimeout: 0,
      keepAlive: keepAliveMs,
      retryAttempts: this.options.retryAttempts,
      // Any close (a restart, a network blip, a frozen socket) is worth retrying, except a refused token. (graphql-ws
      // never retries 4401 anyway: the subgraph closes with it when the socket's token expires or is revoked; the
      // engine then subscribes again when `hasFresherToken`, which opens a new socket with that token.)
      shouldRetry: (event) =>
        !(
          isCloseEvent(event) &&
          (event.code === CLOSE_CODES.UNAUTHORIZED.code || event.code === CLOSE_CODES.FORBIDDEN.code)
        ),
      retryWait: async (retries) => {
        const delay = Math.min(5000, 100 * 2 ** retries) * (0.5 + Math.random() / 2);
        await new Promise((resolve) => setTimeout(resolve, delay));
      },
      on: {
        connected: (_socket, _payload, wasRetry) => logger.debug({ wasRetry }, "upstream connected"),
        closed: (event) => {
          clearTimeout(pongTimeout);
          logger.debug({ code: isCloseEvent(event) ? event.code : undefined }, "upstream closed");
        },
        // graphql-ws pings but never notices a missing pong; a socket that died behind an idle-timeout proxy
        // would hang forever. No pong within one more interval → terminate (4499), which the client retries.
        ping: (received) => {
          if (received) return;
          clearTimeout(pongTimeout);
          let answered = false;
          pongTimeout = setTimeout(() => {
            // Timers run before the loop reads its sockets: after a long synchronous stretch (a large fan-out, a
            // starved process) the pong may be sitting unread. Decide after the next read (setImmediate runs after
            // the poll phase); a needless reconnect would lose every event the subgraph sent meanwhile.
            setImmediate(() => {
              if (answered) return;
              logger.warn("upstream missed a pong; reconnecting");
              entry.client.terminate();
            });
          }, keepAliveMs);
          answerPing = () => (answered = true);
          pongTimeout.unref();
        },
        pong: (received) => {
          if (!received) return;
          clearTimeout(pongTimeout);
          answerPing();
        },
      },
    });
    this.clients.set(key, entry);
    return entry;
  }

  get size(): number {
    return this.clients.size;
  }

  async close(): Promise<void> {
    const all = [...this.clients.values()];
    this.clients.clear();
    await Promise.all(all.map((entry) => Promise.resolve(entry.client.dispose()).catch(() => undefined)));
  }
}

function isCloseEvent(event: unknown): event is { code: number } {
  return typeof event === "object" && event !== null && "code" in event;
}
