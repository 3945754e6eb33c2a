// Ready Apollo Client links for Tickergraph: queries and mutations over HTTP, subscriptions over graphql-ws, the
// same token on both. The token is read on every request and every (re)connection, so signing in or out needs no
// new client.
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from "@apollo/client";
import { GraphQLWsLink } from "@apollo/client/link/subscriptions";
import { OperationTypeNode } from "graphql";
import type { Client, ClientOptions } from "graphql-ws";
import { createClient } from "graphql-ws";
import { CLOSE_CODE_UNAUTHENTICATED, reconnectDelayMs } from "./reconnect.js";

export interface TickergraphLinkOptions {
  /** HTTP endpoint, e.g. http://localhost:4000/graphql. */
  httpUrl: string;
  /** WebSocket endpoint; defaults to httpUrl with ws(s):// (the gateway serves both on /graphql). */
  wsUrl?: string;
  /** The current JWT, or null when signed out; read per request and per connection. */
  getToken: () => string | null | undefined;
  /** Called when the gateway rejects the token (HTTP UNAUTHENTICATED is left to the caller; ws close 4401 here). */
  onUnauthenticated?: () => void;
  /** A WebSocket implementation where there is no global one (Node < 22: pass `ws`). */
  webSocketImpl?: unknown;
  /** A fetch implementation; defaults to the global one. */
  fetch?: typeof fetch;
  /** Passed through to graphql-ws (e.g. `on` listeners). */
  wsOptions?: Partial<ClientOptions>;
}

export interface TickergraphLinks {
  /** HTTP for queries and mutations, graphql-ws for subscriptions. */
  link: ApolloLink;
  /** The graphql-ws client: `dispose()` it on sign-out or teardown; `terminate()` forces a reconnect. */
  wsClient: Client;
}

const bearer = (token: string | null | undefined) => (token ? `Bearer ${token}` : undefined);

export function createTickergraphLinks(options: TickergraphLinkOptions): TickergraphLinks {
  const wsUrl = options.wsUrl ?? options.httpUrl.replace(/^http/, "ws");
  const wsClient = createClient({
    url: wsUrl,
    // The gateway reads `authorization` from connection_init (see README "Live data").
    connectionParams: () => {
      const authorization = bearer(options.getToken());
      return authorization ? { authorization } : {};
    },
    // Reconnect for as long as the page lives, with exponential backoff and jitter; a rejected token is final.
    retryAttempts: Number.POSITIVE_INFINITY,
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, reconnectDelayMs(retries))),
    shouldRetry: (closeEventOrError) => !isUnauthenticatedClose(closeEventOrError),
    keepAlive: 10_000,
    ...(options.webSocketImpl ? { webSocketImpl: options.webSocketImpl } : {}),
    ...options.wsOptions,
    on: {
      ...options.wsOptions?.on,
      closed: (event) => {
        if (isUnauthenticatedClose(event)) options.onUnauthenticated?.();
        options.wsOptions?.on?.closed?.(event);
      },
    },
  });

  const withToken = new ApolloLink((operation, forward) => {
    const authorization = bearer(options.getToken());
    if (authorization)
      operation.setContext(({ headers = {} }: { headers?: Record<string, string> }) => ({
        headers: { ...headers, authorization },
      }));
    return forward(operation);
  });
  const http = ApolloLink.from([
    withToken,
    new HttpLink({ uri: options.httpUrl, ...(options.fetch ? { fetch: options.fetch } : {}) }),
  ]);
  const ws = new GraphQLWsLink(wsClient);
  const link = ApolloLink.split((operation) => operation.operationType === OperationTypeNode.SUBSCRIPTION, ws, http);
  return { link, wsClient };
}

/** An Apollo Client on those links with an in-memory cache. */
export function createTickergraphClient(options: TickergraphLinkOptions): { client: ApolloClient; wsClient: Client } {
  const { link, wsClient } = createTickergraphLinks(options);
  return { client: new ApolloClient({ link, cache: new InMemoryCache() }), wsClient };
}

function isUnauthenticatedClose(event: unknown): boolean {
  return (
    typeof event === "object" &&
    event !== null &&
    "code" in event &&
    (event as { code: unknown }).code === CLOSE_CODE_UNAUTHENTICATED
  );
}
