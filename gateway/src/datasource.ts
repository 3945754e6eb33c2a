// Forwards the caller's credentials to subgraphs: they verify the token again and trust no network position.
import type { GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { RemoteGraphQLDataSource } from "@apollo/gateway";
import type { GatewayGraphQLResponse } from "@apollo/server-gateway-interface";
import type { GatewayContext } from "./context.js";
import { EntityBatchQueue } from "./query/entity-batch-queue.js";
import { isEntityFetch } from "./query/entity-batches.js";
import { deduplicateRepresentations } from "./query/representations.js";

type ProcessOptions = GraphQLDataSourceProcessOptions<GatewayContext>;

export class IdentityForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    if (!request.http) return;
    if (context?.authorization) request.http.headers.set("authorization", context.authorization);
    if (context?.requestId) request.http.headers.set("x-request-id", context.requestId);
    if (context?.clientAddress) request.http.headers.set("x-client-address", context.clientAddress);
  }

  /** Entity fetches one client request sends here at the same time go as one request (query/entity-batches.ts). */
  readonly entityBatches = new EntityBatchQueue<ProcessOptions, GatewayGraphQLResponse>((options) =>
    this.send(options),
  );

  /**
   * Each distinct entity representation goes to the subgraph once (see query/representations.ts), and concurrent
   * entity fetches of the same client request share one subgraph request.
   */
  override async process(options: ProcessOptions): Promise<GatewayGraphQLResponse> {
    const deduplicated = deduplicateRepresentations(options.request);
    const own = deduplicated ? { ...options, request: deduplicated.request } : options;
    const response =
      options.context && isEntityFetch(own.request)
        ? await this.entityBatches.add(options.context, own)
        : await this.send(own);
    return deduplicated ? deduplicated.expand(response) : response;
  }

  private send(options: ProcessOptions): Promise<GatewayGraphQLResponse> {
    return super.process(options);
  }
}
