// Prometheus metrics of one service on its own registry — never prom-client's global one, so services sharing a
// process (the embedded mode) keep separate /metrics: process defaults, HTTP requests, events in and out, and the
// consumer lag of its groups. Every series carries a `service` label.
import type { RequestHandler } from "express";
import client from "prom-client";
import { withDeadline } from "@tickergraph/timers";

export interface ServiceMetrics {
  registry: client.Registry;
  /** Times every request (known routes only, so random paths cannot blow up label cardinality). */
  httpMiddleware: RequestHandler;
  /** GET /metrics */
  handler: RequestHandler;
  eventsPublished: client.Counter<"type">;
  eventsConsumed: client.Counter<"group" | "type">;
  /** Groups whose lag is read at each scrape, and how to read it. */
  watchLag(group: string, read: () => Promise<Array<{ topic: string; partition: number; lag: number }>>): void;
}

const ROUTES = new Set(["/graphql", "/health", "/ready", "/metrics"]);
const LAG_READ_TIMEOUT_MS = 2000;

/**
 * `alsoServe`: registries whose metrics /metrics serves beside this one's (the runtime's, e.g. consumer restarts;
 * in embedded mode services share a runtime, so it cannot hold per-service metrics of the same names).
 */
export function createServiceMetrics(service: string, alsoServe: client.Registry[] = []): ServiceMetrics {
  const registry = new client.Registry();
  registry.setDefaultLabels({ service });
  client.collectDefaultMetrics({ register: registry, prefix: "tickergraph_" });
  const registers = [registry];
  const requests = new client.Histogram({
    name: "tickergraph_http_request_duration_seconds",
    help: "HTTP requests served by a subgraph, by route and status",
    labelNames: ["method", "route", "status"],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers,
  });
  const eventsPublished = new client.Counter({
    name: "tickergraph_events_published_total",
    help: "Events this service published to the bus (outbox relay and direct publishes)",
    labelNames: ["type"],
    registers,
  });
  const eventsConsumed = new client.Counter({
    name: "tickergraph_events_consumed_total",
    help: "Events delivered to this service's consumers",
    labelNames: ["group", "type"],
    registers,
  });
  const lagReaders = new Map<string, () => Promise<Array<{ topic: string; partition: number; lag: number }>>>();
  new client.Gauge({
    name: "tickergraph_kafka_consumer_lag",
    help: "Events not yet committed by a consumer group: the partition's end offset minus the group's committed offset",
    labelNames: ["group", "topic", "partition"],
    registers,
    async collect() {
      this.reset();
      for (const [group, read] of lagReaders) {
        // A broker that does not answer must not fail the whole scrape: that group's series are left out.
        const lags = await withDeadline(read(), LAG_READ_TIMEOUT_MS, "consumer lag").catch(() => []);
        for (const { topic, partition, lag } of lags) this.set({ group, topic, partition: String(partition) }, lag);
      }
    },
  });

  return {
    registry,
    eventsPublished,
    eventsConsumed,
    watchLag: (group, read) => void lagReaders.set(group, read),
    httpMiddleware: (req, res, next) => {
      // Read now: a router mounted at /graphql rewrites req.url before the response finishes.
      const route = ROUTES.has(req.path) ? req.path : "other";
      const end = requests.startTimer({ method: req.method, route });
      res.on("finish", () => end({ status: String(res.statusCode) }));
      next();
    },
    handler: async (_req, res) => {
      // Each registry renders with its own default labels (Registry.merge would drop them); names never overlap.
      const texts = await Promise.all([registry, ...alsoServe].map((r) => r.metrics()));
      res.set("content-type", registry.contentType).send(texts.join("\n"));
    },
  };
}
