// What every resolver of every subgraph receives, whatever the transport (HTTP or graphql-ws).
import type { Identity } from "@tickergraph/auth";
import type { Logger } from "@tickergraph/telemetry";

export interface BaseContext {
  identity: Identity | null;
  requestId: string;
  /** The client's address: forwarded by the gateway (`x-client-address`), else the peer's. Keys login throttling. */
  clientAddress: string;
  logger: Logger;
}
