// graphql-ws (graphql-transport-ws protocol) for clients, on the gateway's HTTP server at /graphql. The protocol
// is graphql-ws's own makeServer; this file is the socket glue: limits, keep-alive, a cap on each client's send
// buffer, direct delivery of `next` frames built from the group's shared serialized result, and queries and
// mutations through the gateway's HTTP query path.
import type http from "node:http";
import type { ExecutionArgs } from "graphql";
import { GraphQLError } from "graphql";
import type { SubscribePayload } from "graphql-ws";
import { GRAPHQL_TRANSPORT_WS_PROTOCOL, makeServer } from "graphql-ws";
import type { WebSocket } from "ws";
import { WebSocketServer } from "ws";
import type { Identity } from "@tickergraph/auth";
import { CLOSE_CODES } from "@tickergraph/errors";
import { SubscriptionAllowance } from "./client-allowance.js";
import { authorizationFromConnectionParams } from "@tickergraph/service";
import { withQueryPlaceholder } from "../persisted-documents/ws-message.js";
import { prepareClientOperation } from "./client-operation.js";
import { socketSubscription } from "./frame-writer.js";
import { clientErrors } from "./subscription-ended.js";
import type { TransportOptions } from "./transport-options.js";

/** Close codes of ours, beside graphql-ws's 44xx ones (all in the registry). */
const CLOSE_SLOW_CLIENT = CLOSE_CODES.SLOW_CLIENT.code;
const CLOSE_GOING_AWAY = CLOSE_CODES.GOING_AWAY.code;

export interface WsLimits {
  maxConnections: number;
  maxSubscriptionsPerConnection: number;
  /** Bytes queued in a socket's send buffer before the client is deemed too slow and closed. */
  maxBufferedBytes: number;
  keepAliveMs: number;
}

interface Extra {
  socket: WebSocket;
  /** The client's address (as the connection budget reads it): the allowance key of an anonymous client. */
  address: string;
  identity: Identity | null;
  authorization: string | undefined;
  /** Cancels the close scheduled for when the connection's token expires or is revoked. */
  cancelExpiry?: () => void;
}

/** graphql-ws runs `execute` for a query or mutation; ours answers with the result the HTTP path produced. */
const SINGLE_RESULT = Symbol("single operation result");

export function attachWsTransport(
  options: TransportOptions & { httpServer: http.Server; path: string; keepAliveMs: number },
): { connections(): number; close(): Promise<void> } {
  const { engine, tokens, metrics, logger, budget } = options;
  const wss = new WebSocketServer({
    noServer: true,
    // A frame larger than this closes the socket with 1009 before it is buffered whole (ws defaults to 100 MiB).
    maxPayload: options.transport.maxMessageBytes,
    handleProtocols: (protocols) =>
      protocols.has(GRAPHQL_TRANSPORT_WS_PROTOCOL) ? GRAPHQL_TRANSPORT_WS_PROTOCOL : false,
  });

  const server = makeServer<Record<string, unknown>, Extra>({
    connectionInitWaitTimeout: 10_000,
    onConnect: async (ctx) => {
      const header = authorizationFromConnectionParams(ctx.connectionParams);
      try {
        const session = await tokens.sessionFromAuthorizationHeader(header);
        ctx.extra.identity = session?.identity ?? null;
        ctx.extra.authorization = session ? header : undefined;
        // Checked once here; a socket must not outlive its token, nor its revocation (logout): 4401, and the
        // client must sign in again (or reconnect with a fresh token).
        const socket = ctx.extra.socket;
        ctx.extra.cancelExpiry = tokens.watch(session, (reason) =>
          socket.close(CLOSE_CODES.UNAUTHORIZED.code, reason === "expired" ? "Token expired" : "Token revoked"),
        );
        return true;
      } catch {
        ctx.extra.socket.close(CLOSE_CODES.UNAUTHORIZED.code, "Unauthorized");
        return false;
      }
    },
    onSubscribe: (ctx, id, payload: SubscribePayload) => {
      if (Object.keys(ctx.subscriptions).length > options.maxSubscriptionsPerConnection) {
        return [tooMany(options.maxSubscriptionsPerConnection)];
      }
      const resolved = options.resolveDocument?.(payload) ?? { query: payload.query };
      if (resolved instanceof GraphQLError) return [resolved];
      payload = { ...payload, query: resolved.query ?? "" };
      try {
        const operationName = payload.operationName ?? undefined;
        const prepared = prepareClientOperation(
          payload.query,
          operationName,
          payload.variables ?? undefined,
          options.gate,
        );
        options.recordFieldUsage?.(prepared.document);
        const operation = {
          query: payload.query,
          operationName,
          variables: payload.variables ?? {},
          identity: ctx.extra.identity,
          authorization: ctx.extra.authorization,
        };
        // Type escape hatch, on purpose: onSubscribe returns ExecutionArgs, which graphql-ws hands straight to our
        // own `execute`/`subscribe` below (it validates and calls graphql-js only when onSubscribe returns nothing),
        // so no schema is needed: `undefined as never` fills the field, and the work rides in `rootValue` (the
        // engine's iterator, or a single operation's result). This relies on graphql-ws's order, onSubscribe →
        // execute/subscribe with the returned args; the transport tests fail if an upgrade changes it.
        if (prepared.kind === "single" && options.runSingle) {
          const result = options.runSingle(operation);
          return {
            schema: undefined as never,
            document: prepared.document,
            rootValue: { [SINGLE_RESULT]: result },
            operationName,
          };
        }
        // Fan-out fast path: the group's result is framed once; this subscription adds only its id's prefix.
        const release = options.allowance.take(SubscriptionAllowance.clientKey(ctx.extra.identity, ctx.extra.address));
        const iterator = socketSubscription(ctx.extra.socket, id, options.maxBufferedBytes, closeSlowClient);
        iterator.onEnd(release);
        try {
          engine.subscribe({ ...operation, document: prepared.document }, iterator);
        } catch (error) {
          release();
          throw error;
        }
        // graphql-ws runs `subscribe` with these args; we answer with the engine's iterator.
        return { schema: undefined as never, document: prepared.document, rootValue: iterator, operationName };
      } catch (error) {
        if (error instanceof GraphQLError) return [error];
        throw error;
      }
    },
    execute: (args: ExecutionArgs) => (args.rootValue as { [SINGLE_RESULT]: Promise<never> })[SINGLE_RESULT],
    subscribe: (args) => args.rootValue as never,
    // A query's result comes formatted from the HTTP path: send it as it is.
    onNext: (_ctx, _id, _payload, _args, result) => result,
    // graphql-ws rebuilds a thrown error from its message alone; put back what the client should see.
    onError: async (ctx, _id, _payload, errors) => {
      const formatted = clientErrors(errors, logger);
      if (formatted.some((error) => error.extensions?.code === "UNAUTHENTICATED")) {
        await closeIfSessionEnded(ctx.extra);
      }
      return formatted;
    },
  });

  /**
   * A subgraph refused the upstream socket's token: usually because this connection's own token was just revoked
   * or expired, and the subgraph heard of it first. Then the connection ends as it is about to (4401) rather than
   * with a subscription error; a connection whose token is still valid only gets the error.
   */
  const closeIfSessionEnded = async (extra: Extra) => {
    if (!extra.authorization) return;
    try {
      await tokens.sessionFromAuthorizationHeader(extra.authorization);
    } catch (error) {
      extra.cancelExpiry?.();
      extra.socket.close(CLOSE_CODES.UNAUTHORIZED.code, (error as Error).message);
    }
  };

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
    const admission = budget.admit("ws", request);
    if (!admission.admitted) {
      logger.info({ reason: admission.reason }, "WebSocket refused at the upgrade");
      socket.end(
        `HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${admission.reason}\n`,
      );
      return;
    }
    socket.once("close", admission.release);
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit("connection", ws, request));
  });

  wss.on("connection", (socket: WebSocket, request: http.IncomingMessage) => {
    metrics.connections.inc();
    let alive = true;
    socket.on("pong", () => (alive = true));
    const keepAlive = setInterval(() => {
      // Timers run before the loop reads its sockets: after a long synchronous fan-out the pong may be unread yet.
      // Judge after the next read (setImmediate follows the poll phase) rather than drop a live client.
      if (!alive) return void setImmediate(() => alive || socket.terminate());
      alive = false;
      socket.ping();
    }, options.keepAliveMs);

    const extra: Extra = { socket, address: budget.addressOf(request), identity: null, authorization: undefined };
    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) => {
          if (socket.readyState !== socket.OPEN) return;
          socket.send(data);
          if (socket.bufferedAmount > options.maxBufferedBytes) closeSlowClient(socket);
        },
        close: (code, reason) => socket.close(code, reason),
        onMessage: (cb) =>
          socket.on("message", async (data) => {
            try {
              await cb(withQueryPlaceholder(String(data)));
            } catch (error) {
              logger.warn({ err: error }, "bad client message");
              socket.close(CLOSE_CODES.BAD_REQUEST.code, "Bad request");
            }
          }),
      },
      extra,
    );
    // ws raises an error (then closes with 1009) for a frame over maxPayload; it is the client's fault.
    socket.on("error", (error) => logger.info({ err: error }, "WebSocket error"));
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
