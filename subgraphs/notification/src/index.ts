// The notification subgraph: inboxes fed by other subgraphs' events, live notificationReceived, preferences, and
// email/SMS delivery as jobs with retries and a dead-letter queue; plus the internal gRPC NotificationService.
import DataLoader from "dataloader";
import type { Registry } from "prom-client";
import type { AppConfig } from "@tickergraph/config";
import { startEventBridge } from "@tickergraph/pubsub";
import type { Runtime } from "@tickergraph/service";
import type { SubgraphDefinition } from "@tickergraph/service";
import { startSubgraph } from "@tickergraph/service";
import { PrismaClient } from "../generated/prisma/client.js";
import type { SubgraphContext } from "./context.js";
import { Inbox } from "./data/inbox.js";
import { Preferences } from "./data/preferences.js";
import type { NotificationView } from "./data/views.js";
import { DeliveryQueue } from "./delivery/delivery-queue.js";
import { DeliveryMetrics } from "./delivery/metrics.js";
import type { Senders } from "./delivery/senders.js";
import { emailSender, smsWebhookSender } from "./delivery/senders.js";
import { DeliveryWorker } from "./delivery/worker.js";
import { NOTIFICATION_BRIDGE_GROUP, notificationBridgeRoutes } from "./events/bridge-routes.js";
import { startInboxWriter } from "./events/inbox-writer.js";
import { startNotificationGrpc } from "./grpc/notification-service.js";
import { Notifier } from "./notifier.js";
import { Broadcaster } from "./broadcast/broadcaster.js";
import { resolvers } from "./resolvers/index.js";
import { deliveryEndpoints } from "./sinks/local-sinks.js";

/** What makes this subgraph's foundation its own: its name, its package (schema, migrations), its Prisma client. */
const SUBGRAPH: SubgraphDefinition<PrismaClient> = {
  service: "notification",
  packageRoot: new URL("../", import.meta.url),
  createClient: (adapter, options) => new PrismaClient({ adapter, ...options }),
};

export interface RunningNotificationSubgraph {
  url: string;
  wsUrl: string;
  /** `host:port` of the gRPC NotificationService (internal interface). */
  grpcAddress: string;
  /** Delivery metrics (sent, failed, dead, latency). */
  metrics: Registry;
  /** Exposed for tests. */
  queue: DeliveryQueue;
  stop(): Promise<void>;
}

export async function start(
  config: AppConfig,
  runtime?: Runtime,
  options: { metricsRegistry?: Registry } = {},
): Promise<RunningNotificationSubgraph> {
  return startSubgraph(SUBGRAPH, config, runtime, async (foundation) => {
    const { db, relay } = foundation;
    const { bus, hub, logger } = foundation.runtime;
    const settings = config.notification;
    // Delivery metrics join the service's own registry, served at /metrics with the rest.
    const registry = options.metricsRegistry ?? foundation.metrics.registry;

    const endpoints = foundation.use(await deliveryEndpoints(config, logger));
    const senders: Senders = {
      EMAIL: emailSender({
        smtpUrl: endpoints.smtpUrl,
        from: settings.mailFrom,
        timeoutMs: settings.delivery.timeoutMs,
      }),
      SMS: smsWebhookSender({
        url: endpoints.smsWebhookUrl,
        format: settings.smsWebhookFormat,
        timeoutMs: settings.delivery.timeoutMs,
      }),
    };
    foundation.use({
      stop: () => {
        senders.EMAIL.close();
        senders.SMS.close();
      },
    });
    const queue = new DeliveryQueue(db.prisma, db.schema, db.platformSchema, relay, {
      maxAttempts: settings.delivery.maxAttempts,
      baseMs: settings.delivery.retryBaseMs,
      maxMs: settings.delivery.retryMaxMs,
      // A send has timeoutMs; a claim three times that long is only outlived by a dead worker.
      leaseMs: settings.delivery.timeoutMs * 3,
    });
    // Stopped after the consumers and gRPC that feed it: sends in progress finish and record their outcome
    // before the database closes.
    const worker = foundation.use(
      new DeliveryWorker({
        queue,
        senders,
        metrics: new DeliveryMetrics(registry),
        logger,
        pollMs: settings.delivery.pollMs,
        batchSize: settings.delivery.batchSize,
        timeoutMs: settings.delivery.timeoutMs,
      }),
    );
    const notifier = new Notifier(db.prisma, db.platformSchema, relay, queue, () => worker.wake());
    const broadcaster = new Broadcaster({
      sql: db.sql,
      schema: db.schema,
      platformSchema: db.platformSchema,
      batchSize: settings.broadcastBatchSize,
      maxAttempts: settings.delivery.maxAttempts,
      committed: () => notifier.committed(),
      logger,
    });
    const inbox = new Inbox(db.prisma);
    const preferences = new Preferences(db.prisma);

    foundation.use(
      await startInboxWriter({ bus, prisma: db.prisma, platformSchema: db.platformSchema, notifier, queue, logger }),
    );
    foundation.use(
      await startEventBridge({
        bus,
        hub,
        group: NOTIFICATION_BRIDGE_GROUP,
        routes: notificationBridgeRoutes,
        logger,
      }),
    );
    const grpc = foundation.use(
      await startNotificationGrpc({
        host: config.grpc.host,
        port: settings.grpcPort,
        queue,
        wakeWorker: () => worker.wake(),
        logger,
      }),
    );
    worker.start();
    // A broadcast a crashed or stopped instance left half-way carries on from its cursor (in the background: the
    // service is up meanwhile; a failure is logged and retried at the next start). Stopped first of all.
    const resuming = broadcaster
      .resumeUnfinished()
      .catch((error: unknown) => logger.error({ err: error }, "resuming unfinished broadcasts failed"));
    foundation.use({
      stop: async () => {
        await broadcaster.stop();
        await resuming;
      },
    });

    const server = await foundation.serve<SubgraphContext>({
      resolvers,
      buildContext: (base) => ({
        ...base,
        inbox,
        preferences,
        notifier,
        queue,
        hub,
        broadcaster,
        notificationLoader: new DataLoader<string, NotificationView | null>((ids) => inbox.byIds(ids)),
      }),
    });

    return {
      url: server.url,
      wsUrl: server.wsUrl,
      grpcAddress: grpc.address,
      metrics: registry,
      queue,
      stop: server.stop,
    };
  });
}
