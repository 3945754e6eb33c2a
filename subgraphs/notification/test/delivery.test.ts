// Delivery jobs on the real schema (PGlite), sent to a real SMTP server and a real HTTP SMS provider started here:
// retries with backoff, DEAD after the last attempt, requeue from the dead-letter queue, delivered exactly once.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { Registry } from "prom-client";
import type { ServiceDatabase } from "@tickergraph/db";
import { openMemoryServiceDatabase } from "@tickergraph/db";
import { InProcessEventBus, OutboxRelay } from "@tickergraph/events";
import { createLogger } from "@tickergraph/telemetry";
import { useLeftovers } from "@tickergraph/testing/leftovers";
import { PrismaClient } from "../generated/prisma/client.js";
import type { NewDelivery } from "../src/delivery/delivery-queue.js";
import { DeliveryQueue } from "../src/delivery/delivery-queue.js";
import { DeliveryMetrics } from "../src/delivery/metrics.js";
import { emailSender, smsWebhookSender } from "../src/delivery/senders.js";
import { DeliveryWorker } from "../src/delivery/worker.js";
import type { MailSink } from "../src/sinks/mail-sink.js";
import { startMailSink } from "../src/sinks/mail-sink.js";
import type { ScriptedSmsProvider } from "./sms-provider.js";
import { eventually, startScriptedSmsProvider } from "./sms-provider.js";

const logger = createLogger("delivery-test", "silent");
const MAX_ATTEMPTS = 4;

describe("delivery jobs", () => {
  let db: ServiceDatabase<PrismaClient>;
  let mail: MailSink;
  let sms: ScriptedSmsProvider;
  let queue: DeliveryQueue;
  let worker: DeliveryWorker;
  let registry: Registry;
  let relay: OutboxRelay;
  // Each is registered as soon as it is up, so a setup failing half-way (or a failed release) leaks nothing else.
  const shared = useLeftovers({ scope: "all" });

  beforeAll(async () => {
    db = shared.add(
      await openMemoryServiceDatabase({
        service: "notification",
        migrationsDir: new URL("../prisma/migrations", import.meta.url),
        createClient: (adapter) => new PrismaClient({ adapter }),
      }),
    );
    mail = shared.add(await startMailSink());
    sms = shared.add(await startScriptedSmsProvider(() => 202));
    relay = new OutboxRelay({
      sql: db.sql,
      platformSchema: db.platformSchema,
      bus: new InProcessEventBus(),
      logger,
      pollMs: 50,
    });
    queue = new DeliveryQueue(db.prisma, db.schema, db.platformSchema, relay, {
      maxAttempts: MAX_ATTEMPTS,
      baseMs: 20,
      maxMs: 80,
      leaseMs: 30_000,
    });
    registry = new Registry();
    worker = shared.add(
      new DeliveryWorker({
        queue,
        senders: {
          EMAIL: emailSender({
            smtpUrl: mail.url,
            from: "Tickergraph <notifications@tickergraph.test>",
            timeoutMs: 60_000,
          }),
          SMS: smsWebhookSender({ url: sms.url, format: "json", timeoutMs: 60_000 }),
        },
        metrics: new DeliveryMetrics(registry),
        logger,
        pollMs: 20,
        batchSize: 10,
        timeoutMs: 60_000,
      }),
    );
    worker.start();
  }, 300_000);
  afterEach(() => sms.answer(() => 202));

  const job = (channel: "EMAIL" | "SMS", recipient: string, body: string): NewDelivery => ({
    notificationId: null,
    userId: null,
    channel,
    recipient,
    subject: `Subject of ${body}`,
    body,
  });
  const enqueue = async (delivery: NewDelivery) => {
    const [id] = await queue.enqueue([delivery]);
    worker.wake();
    return id!;
  };
  const metric = async (name: string, channel: string) =>
    (await registry.getSingleMetric(name)!.get()).values.find((v) => v.labels.channel === channel)?.value ?? 0;

  it("sends an email over SMTP with its recipient, subject and body", async () => {
    const id = await enqueue(job("EMAIL", "ada@example.com", "AAPL rose above 250.00: 251.31"));
    const caught = await eventually(() => mail.messages.find((m) => m.text.includes("251.31")), 60_000, "the email");
    expect(caught).toMatchObject({
      from: "notifications@tickergraph.test",
      to: ["ada@example.com"],
      subject: "Subject of AAPL rose above 250.00: 251.31",
      text: "AAPL rose above 250.00: 251.31",
    });
    const sent = await eventually(async () => ((await queue.byId(id))?.status === "SENT" ? queue.byId(id) : null));
    expect(sent).toMatchObject({ attempts: 1, lastError: null });
    expect(await metric("tickergraph_notification_deliveries_sent_total", "EMAIL")).toBe(1);
  });

  it("retries an SMS the provider refuses twice: three attempts, one delivery", async () => {
    const before = sms.requests.length;
    sms.answer((n) => (n - before <= 2 ? 503 : 202));
    const id = await enqueue(job("SMS", "+14155550123", "third time lucky"));
    const sent = await eventually(
      async () => ((await queue.byId(id))?.status === "SENT" ? queue.byId(id) : null),
      60_000,
      "SENT",
    );
    expect(sent!.attempts).toBe(3);
    const mine = sms.requests.slice(before);
    expect(mine.map((r) => r.status)).toEqual([503, 503, 202]);
    expect(sms.accepted().filter((m) => m.body === "third time lucky")).toEqual([
      { to: "+14155550123", body: "third time lucky" },
    ]);
    expect(await metric("tickergraph_notification_delivery_attempts_failed_total", "SMS")).toBeGreaterThanOrEqual(2);
  });

  it("declares an always-failing delivery DEAD after its last attempt, then delivers it once when requeued", async () => {
    sms.answer(() => 500);
    const before = sms.requests.length;
    const id = await enqueue(job("SMS", "+447911123456", "dead letter"));
    const dead = await eventually(
      async () => ((await queue.byId(id))?.status === "DEAD" ? queue.byId(id) : null),
      60_000,
      "DEAD",
    );
    expect(dead).toMatchObject({ attempts: MAX_ATTEMPTS, lastError: expect.stringContaining("HTTP 500") });
    expect(sms.requests.length - before).toBe(MAX_ATTEMPTS);
    expect((await queue.dead(50)).map((d) => d.id)).toContain(id);
    expect(await metric("tickergraph_notification_deliveries_dead_total", "SMS")).toBe(1);

    // Nothing more happens to a dead job on its own.
    worker.wake();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sms.requests.length - before).toBe(MAX_ATTEMPTS);

    sms.answer(() => 202);
    expect(await queue.retryDead([id])).toBe(1);
    worker.wake();
    const sent = await eventually(
      async () => ((await queue.byId(id))?.status === "SENT" ? queue.byId(id) : null),
      60_000,
      "SENT after requeue",
    );
    expect(sent!.attempts).toBe(1);
    expect(sms.accepted().filter((m) => m.body === "dead letter")).toHaveLength(1);
    expect((await queue.dead(50)).map((d) => d.id)).not.toContain(id);
    expect(await queue.retryDead([id])).toBe(0);
  });

  it("lets two workers share the queue without sending a job twice", async () => {
    // Deadlines and leases far beyond any send here: a send that timed out but reached the provider is retried by
    // design (delivery is at least once), and that must not be mistaken for two workers taking one job.
    await worker.stop();
    const patientQueue = new DeliveryQueue(db.prisma, db.schema, db.platformSchema, relay, {
      maxAttempts: MAX_ATTEMPTS,
      baseMs: 20,
      maxMs: 80,
      leaseMs: 600_000,
    });
    const patientWorker = (batchSize: number) =>
      new DeliveryWorker({
        queue: patientQueue,
        senders: {
          EMAIL: emailSender({ smtpUrl: mail.url, from: "t@tickergraph.test", timeoutMs: 120_000 }),
          SMS: smsWebhookSender({ url: sms.url, format: "json", timeoutMs: 120_000 }),
        },
        metrics: new DeliveryMetrics(new Registry()),
        logger,
        pollMs: 20,
        batchSize,
        timeoutMs: 120_000,
      });
    const first = patientWorker(5);
    const second = patientWorker(3);
    first.start();
    second.start();
    try {
      const bodies = Array.from({ length: 30 }, (_, i) => `shared ${i}`);
      const ids = await patientQueue.enqueue(bodies.map((body) => job("SMS", "+14155550100", body)));
      await eventually(
        async () => {
          const views = await Promise.all(ids.map((id) => queue.byId(id)));
          return views.every((v) => v?.status === "SENT");
        },
        // Two workers polling PGlite on a loaded machine took 15–30 s here.
        120_000,
        "30 SMS sent",
      );
      const accepted = sms.accepted().filter((m) => m.body.startsWith("shared "));
      expect(accepted.map((m) => m.body).sort()).toEqual([...bodies].sort());
    } finally {
      await Promise.all([first.stop(), second.stop()]);
      worker.start();
    }
  }, 180_000);
});
