// Prometheus metrics of live delivery, on the gateway's registry (served at GET /metrics).
import client from "prom-client";

export interface SubscriptionMetrics {
  connections: client.Gauge;
  activeSubscriptions: client.Gauge;
  upstreamSubscriptions: client.Gauge;
  eventsIn: client.Counter;
  messagesOut: client.Counter;
  deliveryLatency: client.Histogram;
  closedSlowClients: client.Counter;
}

/** One set per registry (prom-client refuses to register a metric twice). */
export function subscriptionMetrics(registry: client.Registry): SubscriptionMetrics {
  const registers = [registry];
  return {
    connections: new client.Gauge({
      name: "tickergraph_gateway_ws_connections",
      help: "Open client WebSocket connections",
      registers,
    }),
    activeSubscriptions: new client.Gauge({
      name: "tickergraph_gateway_subscriptions_active",
      help: "Client subscriptions (WebSocket and SSE)",
      registers,
    }),
    upstreamSubscriptions: new client.Gauge({
      name: "tickergraph_gateway_subscriptions_upstream",
      help: "Subscriptions open to subgraphs (after deduplication)",
      registers,
    }),
    eventsIn: new client.Counter({
      name: "tickergraph_gateway_events_in_total",
      help: "Events received from subgraphs",
      registers,
    }),
    messagesOut: new client.Counter({
      name: "tickergraph_gateway_messages_out_total",
      help: "Messages delivered to clients",
      registers,
    }),
    deliveryLatency: new client.Histogram({
      name: "tickergraph_gateway_delivery_latency_seconds",
      help: "From an upstream event's arrival to its send to a client",
      registers,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    }),
    closedSlowClients: new client.Counter({
      name: "tickergraph_gateway_slow_clients_closed_total",
      help: "Clients closed for a full send buffer",
      registers,
    }),
  };
}
