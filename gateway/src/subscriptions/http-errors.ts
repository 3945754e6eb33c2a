// A refused HTTP request on a transport route: a GraphQL-shaped JSON body with a registry code and that code's
// status, never Express's HTML error page (which carries a stack trace outside production).
import type { RequestHandler, Response } from "express";
import type { ErrorCode } from "@tickergraph/errors";
import { ERROR_CODES } from "@tickergraph/errors";

export function sendError(res: Response, code: ErrorCode, message: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res
    .status(ERROR_CODES[code].httpStatus)
    .set(headers)
    .json({ errors: [{ message, extensions: { code } }] });
}

/**
 * A JSON body of at most `maxBytes`, refused as soon as the limit is known to be passed: at once for a declared
 * Content-Length, at the first chunk past it for a chunked body. (body-parser answers only after draining the
 * whole request, which lets one client make the gateway read 600 MB.) The connection is closed after the 413.
 */
export function jsonBody(maxBytes: number): RequestHandler {
  return (req, res, next) => {
    if (!/application\/json/i.test(req.headers["content-type"] ?? "")) return next();
    const refuse = () => {
      res.setHeader("connection", "close");
      sendError(res, "PAYLOAD_TOO_LARGE", `The request body is larger than ${maxBytes} bytes`);
      req.pause();
    };
    if (Number(req.headers["content-length"] ?? 0) > maxBytes) return refuse();
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    req.on("data", (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      settled = true;
      chunks.length = 0;
      refuse();
    });
    req.once("end", () => {
      if (settled) return;
      settled = true;
      try {
        req.body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown;
      } catch {
        return sendError(res, "BAD_REQUEST", "The request body is not valid JSON");
      }
      next();
    });
    req.once("error", () => {
      settled = true;
      res.destroy();
    });
  };
}
