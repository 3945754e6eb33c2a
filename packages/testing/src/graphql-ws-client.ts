import type { UntypedJson } from "./untyped-json.js";
import type { Client } from "graphql-ws";
import { createClient } from "graphql-ws";
import WebSocket from "ws";

export interface LiveSubscription<T = UntypedJson> extends AsyncIterableIterator<{ data?: T; errors?: UntypedJson[] }> {
  client: Client;
  /** Resolves with the close event's code once the socket closes. */
  closed: Promise<number>;
  dispose(): Promise<void>;
}

/** Opens a graphql-ws connection and one subscription on it; values are the raw execution results. */
export function openSubscription<T = UntypedJson>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): LiveSubscription<T> {
  let resolveClosed!: (code: number) => void;
  const closed = new Promise<number>((resolve) => (resolveClosed = resolve));
  const client = createClient({
    url,
    webSocketImpl: WebSocket,
    lazy: true,
    retryAttempts: 0,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    on: { closed: (event) => resolveClosed((event as { code: number }).code) },
  });
  const iterator = client.iterate<T>({ query, variables }) as AsyncIterableIterator<{
    data?: T;
    errors?: UntypedJson[];
  }>;
  const live = iterator as LiveSubscription<T>;
  live.client = client;
  live.closed = closed;
  live.dispose = async () => {
    await iterator.return?.();
    await client.dispose();
  };
  return live;
}
