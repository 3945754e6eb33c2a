// Forwards the caller's credentials to subgraphs: they verify the token again and trust no network position.
import type { GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { RemoteGraphQLDataSource } from "@apollo/gateway";
import type { GatewayGraphQLResponse } from "@apollo/server-gateway-interface";
import type { GatewayContext } from "./context.js";
import { deduplicateRepresentations } from "./query/representations.js";

export class IdentityForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    if (!request.http) return;
    if (context?.authorization) request.http.headers.set("authorization", context.authorization);
    if (context?.requestId) request.http.headers.set("x-request-id", context.requestId);
    if (context?.clientAddress) request.http.headers.set("x-client-address", context.clientAddress);
  }

  /** Each distinct entity representation goes to the subgraph once (see query/representations.ts). */
  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const deduplicated = deduplicateRepresentations(options.request);
    if (!deduplicated) return super.process(options);
    return deduplicated.expand(await super.process({ ...options, request: deduplicated.request }));
  }
}
