// Per-request context: the verified identity (a bad token fails the whole request) and a request id.
import { GraphQLError } from "graphql";
import type { IncomingHttpHeaders } from "node:http";
import type { Identity, TokenService } from "@tickergraph/auth";
import { AppError } from "@tickergraph/errors";
import { newRequestId } from "@tickergraph/telemetry";

export interface GatewayContext {
  identity: Identity | null;
  /** The raw header, forwarded unchanged once verified. */
  authorization: string | undefined;
  requestId: string;
  /** The client's address, forwarded to subgraphs as `x-client-address` (login throttling keys on it). */
  clientAddress?: string;
}

export async function buildGatewayContext(headers: IncomingHttpHeaders, tokens: TokenService): Promise<GatewayContext> {
  const authorization = headers.authorization;
  const requestId = newRequestId(headers["x-request-id"]);
  try {
    const identity = await tokens.fromAuthorizationHeader(authorization);
    return { identity, authorization: identity ? authorization : undefined, requestId };
  } catch (error) {
    if (error instanceof AppError) {
      // Apollo Server turns an error thrown from context into a response with this status and code.
      throw new GraphQLError(error.message, { extensions: { code: "UNAUTHENTICATED", http: { status: 401 } } });
    }
    throw error;
  }
}
