import { GraphQLError } from "graphql";
import type { ErrorCode } from "./codes.js";

/** Base of every error a client is meant to see; anything else is masked as INTERNAL_SERVER_ERROR. */
export class AppError extends GraphQLError {
  constructor(message: string, code: ErrorCode, extra: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extra } });
    this.name = new.target.name;
  }
}

export class BadUserInputError extends AppError {
  /** `field` names the offending input, e.g. "input.email". */
  constructor(message: string, field?: string) {
    super(message, "BAD_USER_INPUT", field ? { field } : {});
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = "Authentication required") {
    super(message, "UNAUTHENTICATED");
  }
}

export class ForbiddenError extends AppError {
  constructor(message = "Not allowed") {
    super(message, "FORBIDDEN");
  }
}

/** A dependency (`what`, e.g. "event broker") is down: nothing was done, and the client may retry after a pause. */
export class ServiceUnavailableError extends AppError {
  constructor(what: string, retryAfterSeconds: number) {
    super(`The ${what} is unavailable; nothing was done, retry shortly`, "SERVICE_UNAVAILABLE", { retryAfterSeconds });
  }
}

export class NotFoundError extends AppError {
  constructor(message = "Not found") {
    super(message, "NOT_FOUND");
  }
}
