// graphql-ws (graphql-transport-ws protocol) for clients, on the gateway's HTTP server at /graphql. The protocol
// is graphql-ws's own makeServer; this file is the socket glue: limits, keep-alive, a cap on each client's send
// buffer, and direct delivery of `next` frames built from the group's shared serialized result.
import type http from "node:http";
import { parse, GraphQLError, type DocumentNode } from "graphql";
import { CloseCode, GRAPHQL_TRANSPORT_WS_PROTOCOL, makeServer, type SubscribePayload } from "graphql-ws";
import { WebSocketServer, type WebSocket } from "ws";
import { onSessionExpiry, type Identity, type TokenService } from "@tickergraph/auth";
import type { Logger } from "@tickergraph/telemetry";
import { withQueryPlaceholder } from "../persisted-documents/ws-message.js";
import type { PersistedDocuments } from "../persisted-documents/index.js";
import type { SubscriptionEngine } from "./engine.js";
import type { SubscriptionMetrics } from "./metrics.js";
import { PushSubscription } from "./client-sink.js";
import { nextFramePrefix, writeNextFrame } from "./frame-writer.js";
import { clientErrors } from "./subscription-ended.js";

/** Close codes of ours, beside graphql-ws's 44xx ones. */
export const CLOSE_SLOW_CLIENT = 4008; // the client's send buffer passed the cap: it was not reading
export const CLOSE_GOING_AWAY = 1001; // the gateway is shutting down

export interface WsLimits {
  maxConnections: number;
  maxSubscriptionsPerConnection: number;
  /** Bytes queued in a socket's send buffer before the client is deemed too slow and closed. */
  maxBufferedBytes: number;
  keepAliveMs: number;
}

interface Extra {
  socket: WebSocket;
  identity: Identity | null;
  authorization: string | undefined;
  /** Cancels the close scheduled for when the connection's token expires. */
  cancelExpiry?: () => void;
}

export function attachWsTransport(options: {
  httpServer: http.Server;
  path: string;
  engine: SubscriptionEngine;
  tokens: TokenService;
  logger: Logger;
  metrics: SubscriptionMetrics;
  limits: WsLimits;
  resolveDocument?: PersistedDocuments["resolve"] | undefined;
  recordFieldUsage?: ((document: DocumentNode) => void) | undefined;
}): { connections(): number; close(): Promise<void> } {
  const { engine, tokens, metrics, limits, logger } = options;
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) => (protocols.has(GRAPHQL_TRANSPORT_WS_PROTOCOL) ? GRAPHQL_TRANSPORT_WS_PROTOCOL : false),
  });

  const server = makeServer<Record<string, unknown>, Extra>({
    connectionInitWaitTimeout: 10_000,
    onConnect: async (ctx) => {
      const header = authorizationParam(ctx.connectionParams);
      try {
        const session = await tokens.sessionFromAuthorizationHeader(header);
        ctx.extra.identity = session?.identity ?? null;
        ctx.extra.authorization = session ? header : undefined;
        // Checked once here; a socket must not outlive its token. The client reconnects with a fresh one.
        const socket = ctx.extra.socket;
        ctx.extra.cancelExpiry = onSessionExpiry(session, () => socket.close(CloseCode.Unauthorized, "Token expired"));
        return true;
      } catch {
        ctx.extra.socket.close(CloseCode.Unauthorized, "Unauthorized");
        return false;
      }
    },
    onSubscribe: (ctx, id, payload: SubscribePayload) => {
      if (Object.keys(ctx.subscriptions).length > limits.maxSubscriptionsPerConnection) {
        return [tooMany(limits.maxSubscriptionsPerConnection)];
      }
      const resolved = options.resolveDocument?.(payload) ?? { query: payload.query };
      if (resolved instanceof GraphQLError) return [resolved];
      payload = { ...payload, query: resolved.query ?? "" };
      try {
        const document = parse(payload.query);
        const socket = ctx.extra.socket;
        // Fan-out fast path: the group's result is framed once; this subscription adds only its id's prefix.
        const framePrefix = nextFramePrefix(id);
        const iterator = new PushSubscription((shared) => {
          if (socket.readyState !== socket.OPEN) return;
          writeNextFrame(socket, framePrefix, shared);
          if (socket.bufferedAmount > limits.maxBufferedBytes) closeSlowClient(socket);
        });
        engine.subscribe(
          {
            document,
            query: payload.query,
            operationName: payload.operationName ?? undefined,
            variables: payload.variables ?? {},
            identity: ctx.extra.identity,
            authorization: ctx.extra.authorization,
          },
          iterator,
        );
        options.recordFieldUsage?.(document);
        // graphql-ws runs `subscribe` with these args; we answer with the engine's iterator.
        return { schema: undefined as never, document, rootValue: iterator, operationName: payload.operationName };
      } catch (error) {
        if (error instanceof GraphQLError) return [error];
        throw error;
      }
    },
    subscribe: (args) => args.rootValue as never,
    // graphql-ws rebuilds a thrown error from its message alone; put back what the client should see.
    onError: (_ctx, _id, _payload, errors) => clientErrors(errors, logger),
  });

  const closeSlowClient = (socket: WebSocket) => {
    if (socket.readyState !== socket.OPEN) return;
    metrics.closedSlowClients.inc();
    logger.warn({ buffered: socket.bufferedAmount }, "closing a client that stopped reading");
    socket.close(CLOSE_SLOW_CLIENT, "Send buffer full: client too slow");
    // A peer that does not read will not complete the close handshake either.
    setTimeout(() => socket.terminate(), 1000).unref();
  };

  options.httpServer.on("upgrade", (request, socket, head) => {
    const url = new URL(request.url ?? "/", "http://gateway");
    if (url.pathname !== options.path) return; // another handler (or none) owns this path
    if (wss.clients.size >= limits.maxConnections) {
      socket.end("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\n\r\nToo many connections\n");
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit("connection", ws, request));
  });

  wss.on("connection", (socket: WebSocket) => {
    metrics.connections.inc();
    let alive = true;
    socket.on("pong", () => (alive = true));
    const keepAlive = setInterval(() => {
      if (!alive) return socket.terminate();
      alive = false;
      socket.ping();
    }, limits.keepAliveMs);

    const extra: Extra = { socket, identity: null, authorization: undefined };
    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) => {
          if (socket.readyState !== socket.OPEN) return;
          socket.send(data);
          if (socket.bufferedAmount > limits.maxBufferedBytes) closeSlowClient(socket);
        },
        close: (code, reason) => socket.close(code, reason),
        onMessage: (cb) =>
          socket.on("message", async (data) => {
            try {
              await cb(withQueryPlaceholder(String(data)));
            } catch (error) {
              logger.warn({ err: error }, "bad client message");
              socket.close(CloseCode.BadRequest, "Bad request");
            }
          }),
      },
      extra,
    );
    socket.once("close", (code, reason) => {
      clearInterval(keepAlive);
      extra.cancelExpiry?.();
      metrics.connections.dec();
      void closed(code, String(reason));
    });
  });

  return {
    connections: () => wss.clients.size,
    close: async () => {
      for (const socket of wss.clients) socket.close(CLOSE_GOING_AWAY, "Gateway shutting down");
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

function tooMany(limit: number): GraphQLError {
  return new GraphQLError(`At most ${limit} subscriptions per connection`, { extensions: { code: "BAD_USER_INPUT" } });
}

function authorizationParam(params: Record<string, unknown> | undefined): string | undefined {
  const entry = Object.entries(params ?? {}).find(([key]) => key.toLowerCase() === "authorization");
  return typeof entry?.[1] === "string" ? entry[1] : undefined;
}
