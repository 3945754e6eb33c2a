// Multipart HTTP subscriptions on POST /graphql: the protocol Apollo Router serves and Apollo Client, Apollo
// Kotlin/iOS and Sandbox speak. A subscription request with `Accept: multipart/mixed;subscriptionSpec="1.0"` gets
// a `multipart/mixed;boundary="graphql"` response: a `{}` heartbeat part every few seconds, each event as
// `{"payload":{...}}`, and a fatal end (shutdown, slow client, subgraph gone) as `{"payload":null,"errors":[...]}`.
// A subscription without that header gets 406 SUBSCRIPTION_TRANSPORT_REQUIRED; anything else goes on to Apollo.
import type { RequestHandler, Response } from "express";
import type { Session } from "@tickergraph/auth";
import type { FormattedExecutionResult } from "graphql";
import { ERROR_CODES, isErrorCode } from "@tickergraph/errors";
import type { PreparedOperation } from "./client-operation.js";
import { prepareClientOperation } from "./client-operation.js";
import { sendError } from "./http-errors.js";
import { SubscriptionAllowance } from "./client-allowance.js";
import { ResultStream } from "./result-stream.js";
import type { SharedResult } from "./shared-result.js";
import { errorsOf, gatewayShuttingDown, subscriberTooSlow } from "./subscription-ended.js";
import type { TransportOptions } from "./transport-options.js";

const BOUNDARY = "graphql";
const CONTENT_TYPE = `multipart/mixed;boundary="${BOUNDARY}";subscriptionSpec="1.0"`;
const DELIMITER = `\r\n--${BOUNDARY}`;
const PART_HEAD = "\r\ncontent-type: application/json; charset=utf-8\r\n\r\n";
/** Each part is written with the delimiter after it, so a client parses it as soon as it arrives. */
const part = (json: string) => `${PART_HEAD}${json}${DELIMITER}`;
const HEARTBEAT = part("{}");
const LAST_WORDS_MS = 1000;

export function acceptsMultipartSubscriptions(accept: string | undefined): boolean {
  return !!accept && /multipart\/mixed/i.test(accept) && /subscriptionSpec\s*=\s*"?1\.0"?/i.test(accept);
}

export function multipartSubscriptions(options: TransportOptions): {
  middleware: RequestHandler;
  connections(): number;
  close(): Promise<void>;
} {
  const { engine, tokens, logger, budget, metrics } = options;
  const open = new Set<{ stream: ResultStream; done: Promise<void> }>();
  let closing = false;

  const middleware: RequestHandler = (req, res, next) => {
    const params =
      req.method === "POST"
        ? (req.body as Record<string, unknown> | undefined)
        : (req.query as Record<string, unknown>);
    const query = params?.query;
    // Cheap test first: only a document that can hold a subscription is parsed here (Apollo parses the rest).
    if (typeof query !== "string" || !query.includes("subscription")) return next();
    const operationName = typeof params?.operationName === "string" ? params.operationName : undefined;
    let prepared: PreparedOperation;
    try {
      // The HTTP guard in front has checked the operation limits already; parsing stays bounded here too.
      prepared = prepareClientOperation(query, operationName, undefined, { maxTokens: options.gate.maxTokens });
    } catch {
      return next(); // Apollo answers malformed documents with its own codes
    }
    if (prepared.kind !== "subscription") return next();
    if (req.method !== "POST" || !acceptsMultipartSubscriptions(req.headers.accept)) {
      logger.debug({ accept: req.headers.accept }, "subscription over plain HTTP refused");
      return sendError(
        res,
        "SUBSCRIPTION_TRANSPORT_REQUIRED",
        'Subscriptions over HTTP need POST with `Accept: multipart/mixed;subscriptionSpec="1.0"`; or use graphql-ws on this URL, or GraphQL over SSE at /graphql/stream',
      );
    }
    if (closing) return sendError(res, "SHUTTING_DOWN", "The gateway is shutting down");
    const variables = (params?.variables ?? {}) as Record<string, unknown>;
    void serve(
      res,
      req.headers.authorization,
      { query, operationName, variables, document: prepared.document },
      req,
    ).catch((error: unknown) => {
      logger.error({ err: error }, "multipart subscription failed");
      if (!res.headersSent) sendError(res, "INTERNAL_SERVER_ERROR", "Internal server error");
      else res.destroy();
    });
  };

  const serve = async (
    res: Response,
    authorization: string | undefined,
    request: {
      query: string;
      operationName: string | undefined;
      variables: Record<string, unknown>;
      document: PreparedOperation["document"];
    },
    req: Parameters<RequestHandler>[0],
  ) => {
    let session: Session | null;
    try {
      session = await tokens.sessionFromAuthorizationHeader(authorization);
    } catch (error) {
      return sendError(res, "UNAUTHENTICATED", (error as Error).message);
    }
    const admission = budget.admit("multipart", req);
    if (!admission.admitted) return sendError(res, "TOO_MANY_CONNECTIONS", admission.reason);
    let source: AsyncIterableIterator<SharedResult>;
    let releaseAllowance: () => void = () => undefined;
    try {
      releaseAllowance = options.allowance.take(
        SubscriptionAllowance.clientKey(session?.identity ?? null, admission.address),
      );
      source = engine.subscribe({
        ...request,
        identity: session?.identity ?? null,
        authorization: session ? authorization : undefined,
      });
    } catch (error) {
      releaseAllowance();
      admission.release();
      // Refused before anything streamed: one JSON response, as for any HTTP request with errors.
      const errors = errorsOf(error, logger);
      const code = errors[0]?.extensions?.code;
      res.status(isErrorCode(code) ? ERROR_CODES[code].httpStatus : 400).json({ errors });
      return;
    }
    const stream = new ResultStream(source, logger, session, tokens);
    res.writeHead(200, { "content-type": CONTENT_TYPE, "cache-control": "no-cache", connection: "keep-alive" });
    res.write(DELIMITER);
    // The first heartbeat flushes the headers, so the client knows the subscription is open.
    res.write(HEARTBEAT);
    const heartbeat = setInterval(() => write(HEARTBEAT), options.transport.multipartHeartbeatMs);
    let cut = false;
    const write = (chunk: string) => {
      if (res.destroyed) return;
      res.write(chunk);
      if (!cut && res.writableLength > options.maxBufferedBytes) {
        cut = true;
        metrics.closedSlowClients.inc();
        logger.warn({ buffered: res.writableLength, transport: "multipart" }, "closing a client that stopped reading");
        stream.fail(subscriberTooSlow(`${res.writableLength} bytes unsent`));
        // The socket, not the response: once the response has finished, destroying it no longer reaches the
        // socket, and a keep-alive connection would stay open.
        const socket = res.socket;
        setTimeout(() => socket?.destroy(), LAST_WORDS_MS).unref();
      }
    };
    res.once("close", () => void stream.return());
    const done = (async () => {
      try {
        for await (const result of stream) write(part(JSON.stringify(asPart(result, stream))));
      } finally {
        clearInterval(heartbeat);
        releaseAllowance();
        admission.release();
        if (!res.destroyed) res.end("--\r\n");
      }
    })();
    const entry = { stream, done };
    open.add(entry);
    await done.finally(() => open.delete(entry));
  };

  return {
    middleware,
    connections: () => budget.count("multipart"),
    close: async () => {
      closing = true;
      const entries = [...open];
      for (const entry of entries) entry.stream.fail(gatewayShuttingDown());
      await Promise.race([
        Promise.all(entries.map((e) => e.done)),
        new Promise((resolve) => setTimeout(resolve, LAST_WORDS_MS).unref()),
      ]);
    },
  };
}

/**
 * An event is `{"payload": result}`. The stream's last result after a failure whose code is retryable (shutdown,
 * slow client, subgraph gone) is a transport error: `{"payload": null, "errors": [...]}`, as Apollo Router sends.
 */
function asPart(result: FormattedExecutionResult, stream: ResultStream): Record<string, unknown> {
  if (stream.failed && result.data === undefined && result.errors?.every((e) => isRetryable(e.extensions?.code))) {
    return { payload: null, errors: result.errors };
  }
  return { payload: result };
}

function isRetryable(code: unknown): boolean {
  return isErrorCode(code) && ERROR_CODES[code].retryable;
}
