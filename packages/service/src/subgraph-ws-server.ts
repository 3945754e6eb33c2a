// graphql-ws on the HTTP server's /graphql path: authenticates at connection_init, runs operations on the
// subgraph schema with the shared context, pings clients, and closes them with 1001 on shutdown.
import type http from "node:http";
import type { GraphQLSchema, ValidationRule } from "graphql";
import { CLOSE_CODES } from "@tickergraph/errors";
import { useServer } from "graphql-ws/use/ws";
import type { WebSocket } from "ws";
import { WebSocketServer } from "ws";
import type { Identity, TokenService } from "@tickergraph/auth";
import type { Logger } from "@tickergraph/telemetry";
import { newRequestId } from "@tickergraph/telemetry";
import { withDeadline } from "@tickergraph/timers";
import type { BaseContext } from "./context.js";
import { authorizationFromConnectionParams, clientAddressOf } from "./identity.js";
import { formatOperationErrors, formatOperationResult, prepareOperation } from "./ws-execution.js";

export interface SubgraphWsServerOptions<C extends BaseContext> {
  httpServer: http.Server;
  path: string;
  schema: GraphQLSchema;
  tokens: TokenService;
  logger: Logger;
  buildContext(base: BaseContext): C | Promise<C>;
  keepAliveMs: number;
  /** Extra validation rules (e.g. no `_service` on a private subgraph). */
  validationRules?: readonly ValidationRule[];
  /** The clock token expiry is judged by (tests move it). */
  now?: () => number;
}

export interface SubgraphWsServer {
  /** Closes every client with 1001 and waits (at most `graceMs`) for them to go, then cuts the rest. */
  close(graceMs?: number): Promise<void>;
}

type Extra = {
  socket: WebSocket;
  request: http.IncomingMessage;
  identity?: Identity | null;
  /** Cancels the close scheduled for the token's expiry or revocation. */
  stopWatching?: () => void;
};

export function startSubgraphWsServer<C extends BaseContext>(options: SubgraphWsServerOptions<C>): SubgraphWsServer {
  const { schema, tokens, logger } = options;
  const wsServer = new WebSocketServer({ server: options.httpServer, path: options.path });

  useServer<Record<string, unknown>, Extra>(
    {
      schema,
      onConnect: async (ctx) => {
        const header =
          authorizationFromConnectionParams(ctx.connectionParams) ?? ctx.extra.request.headers.authorization;
        try {
          const session = await tokens.sessionFromAuthorizationHeader(header);
          ctx.extra.identity = session?.identity ?? null;
          // Authenticated once, here: the socket must not outlive its token's expiry or revocation (4401, as the
          // gateway does with its own clients). The gateway reconnects with a fresher token when it holds one.
          const socket = ctx.extra.socket;
          ctx.extra.stopWatching = tokens.watch(
            session,
            (reason) =>
              socket.close(CLOSE_CODES.UNAUTHORIZED.code, reason === "expired" ? "Token expired" : "Token revoked"),
            options.now,
          );
          return true;
        } catch {
          // 4401 is graphql-ws's "Unauthorized": the token is bad, so the client must not retry as is.
          // Closing here, before returning false, keeps graphql-ws from answering 4403 instead.
          logger.warn("WebSocket refused: invalid token");
          ctx.extra.socket.close(CLOSE_CODES.UNAUTHORIZED.code, "Unauthorized");
          return false;
        }
      },
      onClose: (ctx) => ctx.extra.stopWatching?.(),
      onSubscribe: (_ctx, _id, payload) => prepareOperation(schema, payload, options.validationRules),
      context: (ctx) => {
        const requestId = newRequestId();
        return options.buildContext({
          identity: ctx.extra.identity ?? null,
          requestId,
          clientAddress: clientAddressOf(ctx.extra.request),
          logger: logger.child({ requestId }),
        });
      },
      onNext: (_ctx, _id, _payload, _args, result) => formatOperationResult(result, logger),
      onError: (_ctx, _id, _payload, errors) => formatOperationErrors(errors, logger),
    },
    wsServer,
    options.keepAliveMs,
  );

  return {
    async close(graceMs = 5000) {
      const clients = [...wsServer.clients];
      const gone = clients.map((socket) => new Promise<void>((resolve) => socket.once("close", () => resolve())));
      // 1001 "Going Away": the server is shutting down; clients may reconnect to another instance.
      for (const socket of clients) socket.close(CLOSE_CODES.GOING_AWAY.code, "Going away");
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
      await withDeadline(Promise.all(gone), graceMs, "clients to close").catch(() => undefined);
      for (const socket of wsServer.clients) socket.terminate();
    },
  };
}
