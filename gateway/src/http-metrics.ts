// Prometheus HTTP metrics for the gateway, on prom-client's default registry (GET /metrics serves it).
import type { RequestHandler } from "express";
import client from "prom-client";

let registered = false;
let requests: client.Histogram<"method" | "route" | "status">;

function ensureMetrics(): void {
  if (registered) return;
  registered = true;
  client.collectDefaultMetrics({ prefix: "tickergraph_gateway_" });
  requests = new client.Histogram({
    name: "tickergraph_gateway_http_request_duration_seconds",
    help: "HTTP requests served by the gateway, by route and status",
    labelNames: ["method", "route", "status"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  });
}

/** Known routes only, so a scanner hitting random paths cannot blow up label cardinality. */
const ROUTES = new Set(["/graphql", "/graphql/stream", "/health", "/ready", "/metrics"]);

export function httpMetricsMiddleware(): RequestHandler {
  ensureMetrics();
  return (req, res, next) => {
    const end = requests.startTimer({ method: req.method });
    res.on("finish", () => end({ route: ROUTES.has(req.path) ? req.path : "other", status: String(res.statusCode) }));
    next();
  };
}

export const metricsHandler: RequestHandler = async (_req, res) => {
  ensureMetrics();
  res.set("content-type", client.register.contentType).send(await client.register.metrics());
};
