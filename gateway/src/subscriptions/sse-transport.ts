// GraphQL over Server-Sent Events (graphql-sse, distinct-connections mode) at POST /graphql/stream, for clients
// that cannot keep a WebSocket. Same engine, same deduplication; the token comes in the Authorization header.
import { randomUUID } from "node:crypto";
import type { Express } from "express";
import { GraphQLError, parse, type DocumentNode, type ExecutionResult } from "graphql";
import { createHandler } from "graphql-sse/lib/use/express";
import { onSessionExpiry, type Session, type TokenService } from "@tickergraph/auth";
import { UnauthenticatedError } from "@tickergraph/errors";
import type { Logger } from "@tickergraph/telemetry";
import type { SubscriptionEngine } from "./engine.js";
import type { SharedResult } from "./shared-result.js";
import { clientErrors } from "./subscription-ended.js";

export function attachSseTransport(options: {
  app: Express;
  path: string;
  engine: SubscriptionEngine;
  tokens: TokenService;
  logger: Logger;
  recordFieldUsage?: ((document: DocumentNode) => void) | undefined;
}): void {
  const { engine, tokens } = options;
  const handler = createHandler({
    // Distinct-connections mode needs no reservation token; any value lets the request through.
    authenticate: () => randomUUID(),
    onSubscribe: async (req, params) => {
      const header = req.headers.get("authorization") ?? undefined;
      let session: Session | null;
      try {
        session = await tokens.sessionFromAuthorizationHeader(header);
      } catch (error) {
        return [JSON.stringify({ errors: [{ message: (error as Error).message, extensions: { code: "UNAUTHENTICATED" } }] }), {
          status: 401,
          statusText: "Unauthorized",
          headers: { "content-type": "application/json" },
        }];
      }
      try {
        const document = parse(params.query as string);
        const shared = engine.subscribe({
          document,
          query: params.query as string,
          operationName: params.operationName ?? undefined,
          variables: params.variables ?? {},
          identity: session?.identity ?? null,
          authorization: session ? header : undefined,
        });
        options.recordFieldUsage?.(document);
        return sseResults(shared, options.logger, session);
      } catch (error) {
        if (error instanceof GraphQLError) return { errors: [error] };
        throw error;
      }
    },
  });

  options.app.post(options.path, (req, res) => {
    handler(req, res).catch((error: unknown) => {
      options.logger.error({ err: error }, "SSE handler failed");
      if (!res.headersSent) res.status(500).json({ errors: [{ message: "Internal server error" }] });
    });
  });
}

/**
 * The client's results from the engine's queue. Not an async generator: graphql-sse calls return() when the client
 * disconnects, and a generator parked on `await shared.next()` would only run it after the next event — a quiet
 * feed would keep its upstream forever. SSE has no `error` message, so a failure is a last result with errors.
 */
function sseResults(
  shared: AsyncIterableIterator<SharedResult>,
  logger: Logger,
  session: Session | null,
): AsyncGenerator<ExecutionResult> {
  const done = { value: undefined, done: true } as const;
  // A stream must not outlive its token: at expiry it gets an UNAUTHENTICATED result and ends.
  const cancelExpiry = onSessionExpiry(session, () => void shared.throw?.(new UnauthenticatedError("Token expired")).catch(() => {}));
  const results: AsyncGenerator<ExecutionResult> = {
    async next() {
      try {
        const item = await shared.next();
        if (item.done) cancelExpiry();
        return item.done ? done : { value: item.value.result as ExecutionResult, done: false };
      } catch (error) {
        const graphQLError = error instanceof GraphQLError ? error : new GraphQLError(String(error), { originalError: error as Error });
        return { value: { errors: clientErrors([graphQLError], logger) } as unknown as ExecutionResult, done: false };
      }
    },
    async return() {
      cancelExpiry();
      await shared.return?.();
      return done;
    },
    async throw() {
      cancelExpiry();
      await shared.return?.();
      return done;
    },
    [Symbol.asyncIterator]: () => results,
  };
  return results;
}
