// HTTP-level refusals as GraphQL-shaped JSON with a code, in every NODE_ENV, for the gateway and every subgraph:
// Express's default handler would answer a malformed or oversized body with an HTML page holding the stack trace.
import type { ErrorRequestHandler, RequestHandler } from "express";
import type { GraphQLError } from "graphql";
import type { ErrorCode } from "@tickergraph/errors";
import { ERROR_CODES } from "@tickergraph/errors";
import type { Logger } from "@tickergraph/telemetry";
import { refuseNulCharacters } from "./input-guards.js";

/** What body-parser (and http-errors) put on the errors it raises. */
interface HttpError {
  status?: unknown;
  type?: unknown;
  limit?: unknown;
  expose?: unknown;
  message?: unknown;
}

/** Last, after every route: Express hands it errors only from what was registered before it. */
export function httpErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    // Nothing left to fix once the response has started: let Express close the connection.
    if (res.headersSent) return next(error);
    const { status, code, message, extra } = describe((error ?? {}) as HttpError);
    if (code === "INTERNAL_SERVER_ERROR") logger.error({ err: error, path: req.path }, "http error");
    else logger.warn({ status, code, path: req.path, method: req.method }, "request refused");
    res.status(status).json({ errors: [{ message, extensions: { code, ...extra } }] });
  };
}

function describe(error: HttpError): {
  status: number;
  code: ErrorCode;
  message: string;
  extra: Record<string, unknown>;
} {
  const status = typeof error.status === "number" ? error.status : 500;
  if (error.type === "entity.too.large" || status === 413) {
    const maxBytes = typeof error.limit === "number" ? error.limit : undefined;
    return {
      status: ERROR_CODES.PAYLOAD_TOO_LARGE.httpStatus,
      code: "PAYLOAD_TOO_LARGE",
      message: maxBytes === undefined ? "Request body too large" : `Request body larger than ${maxBytes} bytes`,
      extra: maxBytes === undefined ? {} : { maxBytes },
    };
  }
  if (error.type === "entity.parse.failed") {
    return { status: 400, code: "BAD_REQUEST", message: "The request body is not valid JSON", extra: {} };
  }
  if (status >= 400 && status < 500) {
    // http-errors marks 4xx messages as safe to show (`expose`); anything else gets a generic one.
    const message = error.expose === true && typeof error.message === "string" ? error.message : "Bad request";
    return { status, code: "BAD_REQUEST", message, extra: {} };
  }
  return { status: 500, code: "INTERNAL_SERVER_ERROR", message: "Internal server error", extra: {} };
}

/** Refuses a request whose document or variables hold a NUL character (Postgres cannot store one). */
export const refuseNulInRequest: RequestHandler = (req, res, next) => {
  const body = (req.body ?? {}) as { query?: unknown; variables?: unknown };
  const source = req.method === "GET" ? (req.query as Record<string, unknown>) : body;
  try {
    refuseNulCharacters(typeof source.query === "string" ? source.query : undefined, source.variables ?? source);
    next();
  } catch (error) {
    res.status(400).json({ errors: [(error as GraphQLError).toJSON()] });
  }
};
