// Distributed mode end to end: every subgraph with its own runtime (own Kafka, Redis and Postgres clients, as
// separate processes would have), the gateway over the committed supergraph, all on real infrastructure.
import { afterAll, beforeAll, describe, it } from "vitest";
import { ensureDomainTopics } from "@tickergraph/events";
import { start as startAlert } from "@tickergraph/subgraph-alert";
import { start as startMarket } from "@tickergraph/subgraph-market";
import { start as startNotification } from "@tickergraph/subgraph-notification";
import { start as startUser } from "@tickergraph/subgraph-user";
import { requireInfra, testConfig, uniqueRunId } from "@tickergraph/testing";
import { start as startGateway } from "../gateway/src/index.js";
import type { MailSink } from "../subgraphs/notification/src/sinks/mail-sink.js";
import { startMailSink } from "../subgraphs/notification/src/sinks/mail-sink.js";
import { runMarketFlow } from "./flows/market-flow.js";
import { runNotificationFlow } from "./flows/notification-flow.js";
import { runUnknownUserFlow } from "./flows/unknown-user-flow.js";

const available = await requireInfra(["postgres", "kafka", "redis"]);

describe.runIf(available)("distributed stack through the gateway", () => {
  const runId = uniqueRunId();
  let config = testConfig(runId, { ticks: { priceMs: 250, shareValueMs: 1000 } });
  const stops: Array<() => Promise<void>> = [];
  let gatewayUrl: string;
  let mail: MailSink;
  beforeAll(async () => {
    mail = await startMailSink();
    stops.push(mail.stop);
    config = testConfig(runId, {
      ticks: { priceMs: 250, shareValueMs: 1000 },
      notification: {
        ...config.notification,
        smtpUrl: mail.url,
        delivery: { ...config.notification.delivery, pollMs: 100 },
      },
    });
    await ensureDomainTopics(config.kafka);
    // Market and alert dial the user service's UserDirectory on the port it bound (USER_GRPC_PORT=0).
    const user = await startUser(config);
    config = { ...config, user: { grpcPort: user.grpcPort } };
    const [market, alert, notification] = await Promise.all([
      startMarket(config),
      startAlert(config),
      startNotification(config),
    ]);
    stops.unshift(user.stop, market.stop, alert.stop, notification.stop);
    const gateway = await startGateway(config, {
      subgraphUrls: { user: user.url, market: market.url, alert: alert.url, notification: notification.url },
    });
    stops.unshift(gateway.stop);
    gatewayUrl = gateway.url;
  });
  afterAll(async () => {
    for (const stop of stops) await stop();
  });

  it("lists instruments, streams prices, fires an alert with its quote resolved per event, and buys", async () => {
    await runMarketFlow(gatewayUrl);
  });

  it("refuses buy and createAlert for a validly signed token of a user that does not exist, writing nothing", async () => {
    await runUnknownUserFlow(gatewayUrl, config.auth.jwtSecret);
  });

  it("notifies of a fired alert in the inbox, live and by email; reading it clears the unread count", async () => {
    await runNotificationFlow(gatewayUrl, mail);
  });
});
