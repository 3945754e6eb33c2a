// What every client transport is built from: the engine for subscriptions, the HTTP query path for queries and
// mutations, token checks, the shared connection budget and the bounds of issue "no request can hurt the service".
import type { DocumentNode } from "graphql";
import type { TokenService } from "@tickergraph/auth";
import type { Logger } from "@tickergraph/telemetry";
import type { PersistedDocuments } from "../persisted-documents/index.js";
import type { OperationGate, RunSingleOperation } from "./client-operation.js";
import type { SubscriptionAllowance } from "./client-allowance.js";
import type { ConnectionBudget } from "./connection-budget.js";
import type { SubscriptionEngine } from "./engine.js";
import type { SubscriptionMetrics } from "./metrics.js";

export interface TransportLimits {
  /** Largest graphql-ws frame and SSE request body, in bytes. */
  maxMessageBytes: number;
  maxSseConnections: number;
  maxMultipartConnections: number;
  /** Live connections (WebSocket, SSE stream, multipart response) one client address may hold together. */
  maxConnectionsPerAddress: number;
  /** Header naming the client's address behind a proxy; empty uses the socket's peer address. */
  clientAddressHeader: string;
  /** Interval of multipart heartbeats (`{}` parts). */
  multipartHeartbeatMs: number;
}

export const DEFAULT_TRANSPORT_LIMITS: TransportLimits = {
  maxMessageBytes: 1024 * 1024,
  maxSseConnections: 10_000,
  maxMultipartConnections: 10_000,
  maxConnectionsPerAddress: 1000,
  clientAddressHeader: "",
  multipartHeartbeatMs: 5000,
};

export interface TransportOptions {
  engine: SubscriptionEngine;
  /** Operation limits, checked on every operation before it is validated, planned or executed. */
  gate: OperationGate;
  /** Queries and mutations; absent, they go to the engine, which refuses them. */
  runSingle?: RunSingleOperation;
  tokens: TokenService;
  logger: Logger;
  /** Trusted documents: which document a request's parameters name (absent: every document as sent). */
  resolveDocument?: PersistedDocuments["resolve"] | undefined;
  /** Field usage: told each document a client runs. */
  recordFieldUsage?: ((document: DocumentNode) => void) | undefined;
  metrics: SubscriptionMetrics;
  budget: ConnectionBudget;
  /** Subscriptions per client over every transport together. */
  allowance: SubscriptionAllowance;
  /** Subscriptions one connection (a WebSocket, an SSE single-connection stream) may hold at once. */
  maxSubscriptionsPerConnection: number;
  /** Bytes queued for a client (socket or response buffer) before it is deemed too slow and cut off. */
  maxBufferedBytes: number;
  transport: TransportLimits;
}
