// Delivery metrics on an injected prom-client registry (never the global one, so several services in one
// process — the embedded mode, tests — each keep their own).
import type { Registry } from "prom-client";
import { Counter, Histogram } from "prom-client";
import type { DeliveryChannel } from "../data/views.js";

export class DeliveryMetrics {
  readonly sent: Counter<"channel">;
  readonly failed: Counter<"channel">;
  readonly dead: Counter<"channel">;
  /** From the job's creation to the provider accepting it: queueing, retries and the send itself. */
  readonly latency: Histogram<"channel">;

  constructor(registry: Registry) {
    const registers = [registry];
    this.sent = new Counter({
      name: "tickergraph_notification_deliveries_sent_total",
      help: "Emails/SMS accepted by the SMTP server or SMS provider",
      labelNames: ["channel"],
      registers,
    });
    this.failed = new Counter({
      name: "tickergraph_notification_delivery_attempts_failed_total",
      help: "Delivery attempts that failed (each retry counts)",
      labelNames: ["channel"],
      registers,
    });
    this.dead = new Counter({
      name: "tickergraph_notification_deliveries_dead_total",
      help: "Deliveries that failed every attempt and went to the dead-letter queue",
      labelNames: ["channel"],
      registers,
    });
    this.latency = new Histogram({
      name: "tickergraph_notification_delivery_latency_seconds",
      help: "Time from a delivery's creation until it was accepted",
      labelNames: ["channel"],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60, 300, 1800],
      registers,
    });
  }

  record(channel: DeliveryChannel, outcome: "SENT" | "RETRY" | "DEAD", createdAt: string): void {
    if (outcome === "SENT") {
      this.sent.inc({ channel });
      this.latency.observe({ channel }, Math.max(0, Date.now() - Date.parse(createdAt)) / 1000);
    } else {
      this.failed.inc({ channel });
      if (outcome === "DEAD") this.dead.inc({ channel });
    }
  }
}
