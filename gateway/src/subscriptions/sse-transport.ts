// GraphQL over Server-Sent Events at /graphql/stream: the whole graphql-sse protocol — distinct connections
// (POST or GET with `Accept: text/event-stream`) and single connection (PUT reservation, GET stream, POST
// operations, DELETE) — served by graphql-sse's own handler. Queries and mutations run through the HTTP query
// path; refusals arrive as results with codes. This file adds what the library leaves to its user: a body limit,
// connection caps, a cap on each stream's unsent bytes, reservation expiry and a SHUTTING_DOWN result at shutdown.
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Express, Request, Response } from "express";
import type { FormattedExecutionResult } from "graphql";
import { GraphQLError } from "graphql";
import type { Request as SseRequest, RequestParams, Response as SseResponse } from "graphql-sse";
import { createHandler, TOKEN_HEADER_KEY, TOKEN_QUERY_KEY } from "graphql-sse";
import type { Session } from "@tickergraph/auth";
import { SubscriptionAllowance } from "./client-allowance.js";
import type { ClientOperation } from "./client-operation.js";
import { prepareClientOperation } from "./client-operation.js";
import { jsonBody, sendError } from "./http-errors.js";
import { oneResult, ResultStream } from "./result-stream.js";
import type { SharedResult } from "./shared-result.js";
import { errorsOf, gatewayShuttingDown, subscriberTooSlow } from "./subscription-ended.js";
import type { TransportOptions } from "./transport-options.js";

/** A single-connection reservation (PUT) whose stream (GET) never comes is dropped after this long. */
const RESERVATION_TTL_MS = 30_000;
/** After a stream is cut off (slow client, shutdown), how long its last messages may take before the socket goes. */
const LAST_WORDS_MS = 1000;

interface Reservation {
  release(): void;
  expiry: NodeJS.Timeout;
  connected: boolean;
  /** Resolves when the reservation's stream connects: its operations' results wait for it (bounded queues). */
  whenConnected: Promise<void>;
  connect(): void;
}

export function attachSseTransport(options: TransportOptions & { app: Express; path: string }): {
  connections(): number;
  close(): Promise<void>;
} {
  const { engine, tokens, logger, budget, metrics } = options;
  const reservations = new Map<string, Reservation>();
  /** Live subscriptions by the stream carrying them: a reservation token, or the distinct-mode request. */
  const subscriptionsByStream = new Map<string | IncomingMessage, Set<ResultStream>>();
  const openStreams = new Set<{ cutOff(reason: unknown): void; done: Promise<void> }>();
  let closing = false;

  const track = (key: string | IncomingMessage, stream: ResultStream) => {
    let set = subscriptionsByStream.get(key);
    if (!set) {
      set = new Set();
      subscriptionsByStream.set(key, set);
    }
    set.add(stream);
    stream.onEnd(() => {
      set.delete(stream);
      if (set.size === 0 && subscriptionsByStream.get(key) === set) subscriptionsByStream.delete(key);
    });
  };

  const onSubscribe = async (
    req: SseRequest<IncomingMessage>,
    params: RequestParams,
  ): Promise<SseResponse | AsyncIterable<FormattedExecutionResult>> => {
    const header = req.headers.get("authorization") ?? undefined;
    let session: Session | null;
    try {
      session = await tokens.sessionFromAuthorizationHeader(header);
    } catch (error) {
      const body = { errors: [{ message: (error as Error).message, extensions: { code: "UNAUTHENTICATED" } }] };
      return [
        JSON.stringify(body),
        { status: 401, statusText: "Unauthorized", headers: { "content-type": "application/json" } },
      ];
    }
    const operationName = params.operationName ?? undefined;
    const refuse = (error: unknown) => oneResult({ errors: errorsOf(error, logger) });
    const documentId = (params.extensions as { documentId?: unknown } | undefined)?.documentId;
    const resolved = options.resolveDocument?.(documentId === undefined ? params : { ...params, documentId }) ?? {
      query: params.query,
    };
    if (resolved instanceof GraphQLError) return refuse(resolved);
    params = { ...params, query: ("query" in resolved ? resolved.query : undefined) ?? "" };
    try {
      const prepared = prepareClientOperation(params.query, operationName, params.variables ?? undefined, options.gate);
      options.recordFieldUsage?.(prepared.document);
      const operation: ClientOperation = {
        query: params.query as string,
        operationName,
        variables: params.variables ?? {},
        identity: session?.identity ?? null,
        authorization: session ? header : undefined,
      };
      if (prepared.kind === "single" && options.runSingle) {
        if (req.method === "GET" && prepared.operation === "mutation") {
          return oneResult({ errors: [{ message: "Mutations need POST", extensions: { code: "BAD_REQUEST" } }] });
        }
        return oneResult(await options.runSingle(operation));
      }
      const token = streamToken(req);
      const reservation = token ? reservations.get(token) : undefined;
      const key = reservation ? token! : req.raw;
      if ((subscriptionsByStream.get(key)?.size ?? 0) >= options.maxSubscriptionsPerConnection) {
        return oneResult({
          errors: [
            {
              message: `At most ${options.maxSubscriptionsPerConnection} subscriptions per connection`,
              extensions: { code: "BAD_USER_INPUT" },
            },
          ],
        });
      }
      const release = options.allowance.take(
        SubscriptionAllowance.clientKey(operation.identity, budget.addressOf(req.raw)),
      );
      let source: AsyncIterableIterator<SharedResult>;
      try {
        source = engine.subscribe({ ...operation, document: prepared.document });
      } catch (error) {
        release();
        throw error;
      }
      const stream = new ResultStream(
        source,
        logger,
        session,
        tokens,
        reservation && (() => reservation.whenConnected),
      );
      stream.onEnd(release);
      track(key, stream);
      return stream;
    } catch (error) {
      return refuse(error);
    }
  };
  // graphql-sse types results as graphql-js ExecutionResults; ours are already formatted (plain errors).
  const handler = createHandler<IncomingMessage>({
    // A reservation's token is always the server's own random one. (graphql-sse's client sends its previous token
    // on the next PUT; taken as is, that PUT races the old stream's teardown and fails with 409.)
    authenticate: (req) => (req.method === "PUT" ? randomUUID() : (streamToken(req) ?? randomUUID())),
    onSubscribe: (req, params) => onSubscribe(req, params) as never,
  });

  /** Writes the handler's stream to the response without waiting on the socket, so a client's backlog is visible
   *  (res.writableLength) and capped: past the cap its subscriptions end with SUBSCRIBER_TOO_SLOW. */
  const pipe = (req: Request, res: Response, body: AsyncGenerator<string>, key: string | IncomingMessage) => {
    let cut = false;
    const cutOff = (reason: unknown) => {
      if (cut) return;
      cut = true;
      const subscriptions = [...(subscriptionsByStream.get(key) ?? [])];
      for (const subscription of subscriptions) subscription.fail(reason);
      if (subscriptions.length === 0) void body.return(undefined);
      // The socket, not the response: once the response has finished, destroying it no longer reaches the
      // socket, and a keep-alive connection would stay open.
      const socket = res.socket;
      setTimeout(() => socket?.destroy(), LAST_WORDS_MS).unref();
    };
    const done = (async () => {
      res.once("close", () => void body.return(undefined));
      for await (const chunk of body) {
        if (res.destroyed) break;
        res.write(chunk);
        if (!cut && res.writableLength > options.maxBufferedBytes) {
          metrics.closedSlowClients.inc();
          logger.warn({ buffered: res.writableLength, transport: "sse" }, "closing a client that stopped reading");
          cutOff(subscriberTooSlow(`${res.writableLength} bytes unsent`));
        }
        // Once cut off, the stream ends after its last subscription's last result and `complete`.
        if (cut && chunk.startsWith("event: complete") && !subscriptionsByStream.has(key)) break;
      }
      res.end();
    })();
    const entry = { cutOff, done };
    openStreams.add(entry);
    void done.finally(() => openStreams.delete(entry));
    return done;
  };

  const serve = async (req: Request, res: Response) => {
    if (closing) return sendError(res, "SHUTTING_DOWN", "The gateway is shutting down");
    const token = streamToken(toSseRequest(req));
    const accept = req.headers.accept ?? "*/*";
    const reservation = token ? reservations.get(token) : undefined;
    // A new distinct-mode stream or a reservation takes a connection slot; a reservation's stream uses the PUT's.
    const needsSlot = (accept === "text/event-stream" && !reservation) || req.method === "PUT";
    const admission = needsSlot ? budget.admit("sse", req) : undefined;
    if (admission && !admission.admitted) return sendError(res, "TOO_MANY_CONNECTIONS", admission.reason);
    const [body, init] = await handler(toSseRequest(req));
    res.writeHead(init.status, init.statusText, init.headers);
    if (!body || typeof body === "string") {
      res.end(body);
      if (req.method === "PUT" && init.status === 201 && typeof body === "string" && admission?.admitted) {
        reserve(body, admission.release);
      } else if (admission?.admitted) {
        admission.release();
      }
      return;
    }
    if (reservation) {
      clearTimeout(reservation.expiry);
      reservation.connect();
      await pipe(req, res, body, token!);
      reservations.delete(token!);
      reservation.release();
    } else {
      try {
        await pipe(req, res, body, req);
      } finally {
        if (admission?.admitted) admission.release();
      }
    }
  };

  const reserve = (token: string, release: () => void) => {
    let connect!: () => void;
    const whenConnected = new Promise<void>((resolve) => (connect = resolve));
    const reservation: Reservation = {
      release,
      connected: false,
      whenConnected,
      connect: () => {
        reservation.connected = true;
        connect();
      },
      // graphql-sse keeps a reservation until its stream connects and ends: connect and end it ourselves.
      expiry: setTimeout(() => void expire(token), RESERVATION_TTL_MS).unref(),
    };
    reservations.set(token, reservation);
  };

  const expire = async (token: string) => {
    const reservation = reservations.get(token);
    if (!reservation || reservation.connected) return;
    reservations.delete(token);
    const [body] = await handler({
      method: "GET",
      url: "/",
      headers: {
        get: (key: string) => (key === "accept" ? "text/event-stream" : key === TOKEN_HEADER_KEY ? token : null),
      },
      body: null,
      raw: undefined as never,
      context: undefined,
    });
    if (body && typeof body !== "string") await body.return(undefined);
    reservation.release();
  };

  options.app.all(options.path, jsonBody(options.transport.maxMessageBytes), (req, res) => {
    serve(req, res).catch((error: unknown) => {
      logger.error({ err: error }, "SSE handler failed");
      if (!res.headersSent) sendError(res, "INTERNAL_SERVER_ERROR", "Internal server error");
      else res.destroy();
    });
  });

  return {
    connections: () => budget.count("sse"),
    /** Every open subscription gets a last SHUTTING_DOWN result, then its stream ends. */
    close: async () => {
      closing = true;
      const streams = [...openStreams];
      for (const stream of streams) stream.cutOff(gatewayShuttingDown());
      // Subscriptions of reservations whose stream never connected end with their reservation.
      for (const token of [...reservations.keys()]) await expire(token);
      await Promise.race([
        Promise.all(streams.map((s) => s.done)),
        new Promise((resolve) => setTimeout(resolve, LAST_WORDS_MS).unref()),
      ]);
    },
  };
}

function toSseRequest(req: Request): SseRequest<IncomingMessage> {
  return {
    method: req.method,
    url: req.url,
    headers: {
      get: (key: string) => {
        const header = req.headers[key];
        return Array.isArray(header) ? header.join("\n") : (header ?? null);
      },
    },
    // express.json parsed a JSON body already; graphql-sse reads nothing else. graphql-sse keeps only query,
    // operationName, variables and extensions, so a trusted document's `documentId` travels in extensions.
    body: () => Promise.resolve(withDocumentIdInExtensions(req.body ?? "")),
    raw: req,
    context: undefined,
  };
}

function withDocumentIdInExtensions(
  body: string | Record<PropertyKey, unknown>,
): string | Record<PropertyKey, unknown> {
  if (typeof body !== "object" || body === null || !("documentId" in body)) return body;
  const { documentId, extensions, query, ...rest } = body as Record<string, unknown>;
  // graphql-sse refuses a request without a query string; the document it names is resolved in onSubscribe.
  return { ...rest, query: query ?? "", extensions: { ...(extensions as object | undefined), documentId } };
}

function streamToken(req: SseRequest<unknown>): string | undefined {
  const header = req.headers.get(TOKEN_HEADER_KEY);
  if (header) return header;
  return new URL(req.url, "http://gateway").searchParams.get(TOKEN_QUERY_KEY) ?? undefined;
}
