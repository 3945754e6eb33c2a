// Verifies the caller's token for either transport; a bad token is an UNAUTHENTICATED error, never anonymous.
import type { IncomingMessage } from "node:http";
import { GraphQLError } from "graphql";
import type { Identity, TokenService } from "@tickergraph/auth";
import { AppError } from "@tickergraph/errors";

/** HTTP: Apollo Server turns an error thrown while building context into this status and code. */
export async function identityFromHttpHeader(
  tokens: TokenService,
  header: string | undefined,
): Promise<Identity | null> {
  try {
    return await tokens.fromAuthorizationHeader(header);
  } catch (error) {
    if (error instanceof AppError) {
      throw new GraphQLError(error.message, { extensions: { code: "UNAUTHENTICATED", http: { status: 401 } } });
    }
    throw error;
  }
}

/** The address the gateway saw the client at (it forwards it), or the peer's own when called directly. */
export function clientAddressOf(request: IncomingMessage): string {
  const forwarded = request.headers["x-client-address"];
  const value =
    typeof forwarded === "string" && forwarded.length > 0 && forwarded.length <= 100
      ? forwarded
      : request.socket.remoteAddress;
  return value ?? "unknown";
}

/** graphql-ws: the token travels in connection_init's payload as `authorization` (any case). */
export function authorizationFromConnectionParams(params: Record<string, unknown> | undefined): string | undefined {
  if (!params) return undefined;
  const entry = Object.entries(params).find(([key]) => key.toLowerCase() === "authorization");
  return typeof entry?.[1] === "string" ? entry[1] : undefined;
}
