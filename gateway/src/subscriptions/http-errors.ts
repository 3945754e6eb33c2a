// A refused HTTP request on a transport route: a GraphQL-shaped JSON body with a registry code and that code's
// status, never Express's HTML error page (which carries a stack trace outside production).
import type { ErrorRequestHandler, Response } from "express";
import { ERROR_CODES, type ErrorCode } from "@tickergraph/errors";

export function sendError(res: Response, code: ErrorCode, message: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.status(ERROR_CODES[code].httpStatus).set(headers).json({ errors: [{ message, extensions: { code } }] });
}

/** body-parser's errors (too large, malformed JSON) as JSON with codes; anything else goes on to Express. */
export function bodyErrors(maxBytes: number): ErrorRequestHandler {
  return (error: { type?: string }, _req, res, next) => {
    if (error.type === "entity.too.large") return sendError(res, "PAYLOAD_TOO_LARGE", `The request body is larger than ${maxBytes} bytes`);
    if (error.type === "entity.parse.failed") return sendError(res, "BAD_REQUEST", "The request body is not valid JSON");
    if (error.type === "encoding.unsupported" || error.type === "charset.unsupported") {
      return sendError(res, "BAD_REQUEST", "Unsupported body encoding");
    }
    next(error);
  };
}
