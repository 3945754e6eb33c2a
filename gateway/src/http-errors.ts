// The gateway's last Express error handler: a body that is not JSON, too large or otherwise unreadable gets a
// GraphQL-shaped JSON error with a code, in every NODE_ENV — never Express's HTML page with a stack trace.
import type { ErrorRequestHandler } from "express";
import type { ErrorCode } from "@tickergraph/errors";
import { ERROR_CODES } from "@tickergraph/errors";
import type { Logger } from "@tickergraph/telemetry";

/** What body-parser (and http-errors) put on the errors it raises. */
interface HttpError {
  status?: unknown;
  type?: unknown;
  limit?: unknown;
  expose?: unknown;
  message?: unknown;
}

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
