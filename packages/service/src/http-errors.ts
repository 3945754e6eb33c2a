// HTTP-level refusals as GraphQL-shaped JSON with a code, in every NODE_ENV: Express's default handler would answer
// a malformed or oversized body with an HTML page holding the stack trace and this machine's paths. Same codes and
// messages as the gateway's (gateway/src/http-errors.ts).
import type { ErrorRequestHandler, RequestHandler } from "express";
import type { GraphQLError } from "graphql";
import type { Logger } from "@tickergraph/telemetry";
import { refuseNulCharacters } from "./input-guards.js";

const refusal = (status: number, code: string, message: string) => ({
  status,
  body: { errors: [{ message, extensions: { code } as Record<string, unknown> }] },
});

/** After `express.json()`: its parse and size errors, and anything else that escaped, as JSON. */
export function jsonErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: { type?: string; status?: number; limit?: number }, _req, res, next) => {
    if (res.headersSent) return next(error);
    let answer;
    if (error.type === "entity.too.large" || error.status === 413) {
      const maxBytes = typeof error.limit === "number" ? error.limit : undefined;
      answer = refusal(
        413,
        "PAYLOAD_TOO_LARGE",
        maxBytes ? `Request body larger than ${maxBytes} bytes` : "Request body too large",
      );
      if (maxBytes) Object.assign(answer.body.errors[0]!.extensions, { maxBytes });
    } else if (error.type === "entity.parse.failed") {
      answer = refusal(400, "BAD_REQUEST", "The request body is not valid JSON");
    } else if (typeof error.status === "number" && error.status >= 400 && error.status < 500) {
      answer = refusal(error.status, "BAD_REQUEST", "Malformed request");
    } else {
      logger.error({ err: error }, "unhandled HTTP error");
      answer = refusal(500, "INTERNAL_SERVER_ERROR", "Internal server error");
    }
    if (answer.status < 500) logger.warn({ type: error.type, status: answer.status }, "HTTP request refused");
    res.status(answer.status).json(answer.body);
  };
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
