// The gateway's Prometheus metrics on a registry of its own (two gateways in one process keep separate counters):
// process defaults, HTTP requests by route, and live delivery (subscriptions/metrics.ts). GET /metrics serves it.
import type { RequestHandler } from "express";
import client from "prom-client";
import { httpRequestMetrics, metricsHandler } from "@tickergraph/service";

export interface GatewayMetrics {
  registry: client.Registry;
  httpMiddleware: RequestHandler;
  /** GET /metrics */
  handler: RequestHandler;
}

export function createGatewayMetrics(): GatewayMetrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: "tickergraph_gateway_" });
  return {
    registry,
    httpMiddleware: httpRequestMetrics({
      registry,
      name: "tickergraph_gateway_http_request_duration_seconds",
      help: "HTTP requests served by the gateway, by route and status",
      routes: ["/graphql", "/graphql/stream", "/health", "/ready", "/metrics"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    }),
    handler: metricsHandler([registry]),
  };
}
