// Per-request context: the verified identity (a bad token fails the whole request) and a request id.
import type { IncomingHttpHeaders } from "node:http";
import type { Identity, TokenService } from "@tickergraph/auth";
import { identityFromHttpHeader } from "@tickergraph/service";
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
  const identity = await identityFromHttpHeader(tokens, authorization);
  return { identity, authorization: identity ? authorization : undefined, requestId };
}
