// Promise glue both ways: `unary` turns an async function into a grpc-js handler (typed errors → gRPC status codes,
// internal faults masked), `callUnary` calls a unary method from a client with a deadline.
import * as grpc from "@grpc/grpc-js";
import type { ErrorCode } from "@tickergraph/errors";
import { AppError } from "@tickergraph/errors";
import type { Logger } from "@tickergraph/telemetry";

export const grpcStatus = grpc.status;

/** Our client-visible error codes and the gRPC status each means; anything else is INTERNAL with a masked message. */
const STATUS_OF: Partial<Record<ErrorCode, grpc.status>> = {
  BAD_USER_INPUT: grpc.status.INVALID_ARGUMENT,
  BAD_REQUEST: grpc.status.INVALID_ARGUMENT,
  UNAUTHENTICATED: grpc.status.UNAUTHENTICATED,
  FORBIDDEN: grpc.status.PERMISSION_DENIED,
  NOT_FOUND: grpc.status.NOT_FOUND,
  SHUTTING_DOWN: grpc.status.UNAVAILABLE,
};

export function unary<Req, Res>(
  logger: Logger,
  handle: (request: Req, call: grpc.ServerUnaryCall<Req, Res>) => Promise<Res>,
): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    handle(call.request, call).then(
      (response) => callback(null, response),
      (error: unknown) => {
        const code = error instanceof AppError ? STATUS_OF[error.extensions.code as ErrorCode] : undefined;
        if (code !== undefined) {
          logger.info(
            { method: call.getPath(), code: (error as AppError).extensions.code, reason: (error as Error).message },
            "gRPC call refused",
          );
          callback({ code, details: (error as Error).message });
        } else {
          logger.error({ method: call.getPath(), err: error }, "gRPC call failed");
          callback({ code: grpc.status.INTERNAL, details: "Internal server error" });
        }
      },
    );
  };
}

/** Calls `method` on a dynamic client; rejects with the grpc-js ServiceError (`.code` is a gRPC status). */
export function callUnary<Res>(client: grpc.Client, method: string, request: unknown, deadlineMs = 5000): Promise<Res> {
  const fn = (client as unknown as Record<string, unknown>)[method];
  if (typeof fn !== "function") throw new Error(`the client has no method ${method}`);
  return new Promise<Res>((resolve, reject) =>
    fn.call(client, request, { deadline: Date.now() + deadlineMs }, (error: grpc.ServiceError | null, response: Res) =>
      error ? reject(error) : resolve(response),
    ),
  );
}
