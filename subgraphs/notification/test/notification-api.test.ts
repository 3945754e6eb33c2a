// The notification subgraph on its own (embedded runtime: PGlite, in-process bus), driven the way other services
// and clients drive it: events on the bus (some delivered twice), GraphQL with real tokens, a real gRPC client,
// a real SMTP server and a scripted HTTP SMS provider.
import type { UntypedJson } from "@tickergraph/testing";
import { randomUUID } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "@tickergraph/config";
import { createEvent } from "@tickergraph/events";
import { callUnary, grpcStatus, serviceConstructor } from "@tickergraph/grpc";
import type { Runtime } from "@tickergraph/service";
import { createRuntime } from "@tickergraph/service";
import { graphqlRequest } from "@tickergraph/testing";
import { NOTIFICATION_PROTO, NOTIFICATION_SERVICE } from "../src/grpc/notification-service.js";
import type { RunningNotificationSubgraph } from "../src/index.js";
import { start } from "../src/index.js";
import type { MailSink } from "../src/sinks/mail-sink.js";
import { startMailSink } from "../src/sinks/mail-sink.js";
import type { ScriptedSmsProvider } from "./sms-provider.js";
import { eventually, startScriptedSmsProvider } from "./sms-provider.js";

describe("notification subgraph", () => {
  let runtime: Runtime;
  let subgraph: RunningNotificationSubgraph;
  let mail: MailSink;
  let sms: ScriptedSmsProvider;
  const admin = { userId: randomUUID(), email: "ops@example.com" };
  const ada = { userId: randomUUID(), email: "ada@example.com" };
  const bob = { userId: randomUUID(), email: "bob@example.com" };
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    mail = await startMailSink();
    sms = await startScriptedSmsProvider(() => 202);
    const config = loadConfig({
      DATA_DIR: await mkdtemp(join(tmpdir(), "tickergraph-notification-")),
      NOTIFICATION_PORT: "0",
      NOTIFICATION_GRPC_PORT: "0",
      SMTP_URL: mail.url,
      SMS_WEBHOOK_URL: sms.url,
      DELIVERY_MAX_ATTEMPTS: "3",
      DELIVERY_RETRY_BASE_MS: "20",
      DELIVERY_RETRY_MAX_MS: "50",
      DELIVERY_POLL_MS: "50",
      DELIVERY_TIMEOUT_MS: "60000",
      BROADCAST_BATCH_SIZE: "2",
      LOG_LEVEL: "warn",
    });
    runtime = await createRuntime(config, "notification");
    subgraph = await start(config, runtime);
    tokens.admin = await runtime.tokens.issue({ ...admin, role: "ADMIN" });
    tokens.ada = await runtime.tokens.issue({ ...ada, role: "USER" });
    tokens.bob = await runtime.tokens.issue(bob);
    for (const [user, name] of [
      [admin, "Ops"],
      [ada, "Ada"],
      [bob, "Bob"],
    ] as const) {
      await runtime.bus.publish([
        createEvent("user.registered", {
          userId: user.userId,
          email: user.email,
          displayName: name,
          shareValue: 100,
          createdAt: new Date().toISOString(),
        }),
      ]);
    }
    await eventually(
      () => mail.messages.filter((m) => m.subject.startsWith("Welcome")).length === 3,
      60_000,
      "three welcome emails",
    );
    // PGlite start-up and migrations take tens of seconds when the two cores are shared with other test files.
  }, 300_000);
  afterAll(async () => {
    await subgraph?.stop();
    await runtime?.close();
    await mail?.stop();
    await sms?.stop();
  });

  const gql = (query: string, variables: Record<string, unknown> = {}, who?: string) =>
    graphqlRequest(subgraph.url, query, variables, who ? tokens[who] : undefined);
  const inbox = async (who: string, args = "") =>
    (
      await gql(
        `{ notifications${args} { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id kind title body read readAt } } } }`,
        {},
        who,
      )
    ).data!.notifications;
  const unread = async (who: string, userId: string) =>
    await gql(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on User { unreadNotificationCount } } }`,
      { r: [{ __typename: "User", id: userId }] },
      who,
    );

  it("welcomes each registered user once by inbox and email, with the email they registered", async () => {
    const welcome = mail.messages.find((m) => m.to.includes("ada@example.com"))!;
    expect(welcome).toMatchObject({
      subject: "Welcome to Tickergraph, Ada",
      text: expect.stringContaining("share value starts at 100.00"),
    });
    const page = await inbox("ada");
    expect(page.totalCount).toBe(1);
    expect(page.edges[0].node).toMatchObject({
      kind: "WELCOME",
      title: "Welcome to Tickergraph, Ada",
      read: false,
      readAt: null,
    });
  });

  it("makes one notification and one email from an alert.triggered delivered twice", async () => {
    const alert = createEvent("alert.triggered", {
      id: randomUUID(),
      userId: ada.userId,
      symbol: "AAPL",
      direction: "ABOVE",
      threshold: 250,
      status: "TRIGGERED",
      createdAt: new Date().toISOString(),
      triggeredPrice: 251.31,
      triggeredAt: new Date().toISOString(),
    });
    await runtime.bus.publish([alert]);
    await runtime.bus.publish([alert]);
    const email = await eventually(
      () => mail.messages.find((m) => m.text === "AAPL rose above 250.00: 251.31"),
      60_000,
      "the alert email",
    );
    expect(email).toMatchObject({ to: ["ada@example.com"], subject: "AAPL alert" });
    // A later alert of the same user comes after the duplicate on its partition: once it is in, the duplicate was consumed.
    const marker = createEvent("alert.triggered", {
      ...alert.payload,
      id: randomUUID(),
      symbol: "MSFT",
      direction: "BELOW",
      threshold: 400,
      triggeredPrice: 399.5,
    });
    await runtime.bus.publish([marker]);
    await eventually(
      async () => (await inbox("ada")).edges.some((e: UntypedJson) => e.node.body === "MSFT fell below 400.00: 399.50"),
      60_000,
      "the marker alert",
    );
    const page = await inbox("ada");
    expect(page.edges.map((e: UntypedJson) => e.node.body)).toEqual([
      "MSFT fell below 400.00: 399.50",
      "AAPL rose above 250.00: 251.31",
      expect.any(String),
    ]);
    await eventually(() => mail.messages.some((m) => m.text.startsWith("MSFT")), 60_000, "the marker email");
    expect(mail.messages.filter((m) => m.text === "AAPL rose above 250.00: 251.31")).toHaveLength(1);
  });

  it("emails an alert that came before the user's user.registered once the address arrives, exactly once", async () => {
    const dora = { userId: randomUUID(), email: "dora@example.com" };
    tokens.dora = await runtime.tokens.issue(dora);
    const alert = createEvent("alert.triggered", {
      id: randomUUID(),
      userId: dora.userId,
      symbol: "NVDA",
      direction: "ABOVE",
      threshold: 900,
      status: "TRIGGERED",
      createdAt: new Date().toISOString(),
      triggeredPrice: 905.5,
      triggeredAt: new Date().toISOString(),
    });
    await runtime.bus.publish([alert]);
    // Consumed (the inbox row is there) while nobody knows Dora's address: the email job waits for it.
    await eventually(async () => (await inbox("dora")).totalCount === 1, 60_000, "Dora's alert in her inbox");
    expect(mail.messages.filter((m) => m.to.includes(dora.email))).toHaveLength(0);
    await runtime.bus.publish([
      createEvent("user.registered", {
        userId: dora.userId,
        email: dora.email,
        displayName: "Dora",
        shareValue: 100,
        createdAt: new Date().toISOString(),
      }),
    ]);
    const email = await eventually(
      () => mail.messages.find((m) => m.text === "NVDA rose above 900.00: 905.50"),
      60_000,
      "the alert email to Dora",
    );
    expect(email).toMatchObject({ to: [dora.email], subject: "NVDA alert" });
    await eventually(
      () => mail.messages.some((m) => m.to.includes(dora.email) && m.subject.startsWith("Welcome")),
      60_000,
      "Dora's welcome email",
    );
    const delivered = await subgraph.queue.dead(100);
    expect(delivered.filter((d) => d.userId === dora.userId)).toEqual([]);
    expect(mail.messages.filter((m) => m.text === "NVDA rose above 900.00: 905.50")).toHaveLength(1);
  });

  it("writes a receipt for a purchase and a note for a saved snapshot (in-app only by default)", async () => {
    const at = new Date().toISOString();
    await runtime.bus.publish([
      createEvent("market.purchase.recorded", {
        purchaseId: randomUUID(),
        userId: admin.userId,
        symbol: "AAPL",
        quantity: 2,
        price: 251.31,
        total: 502.62,
        at,
      }),
      createEvent("user.snapshot.saved", {
        snapshotId: randomUUID(),
        userId: admin.userId,
        value: 123.456,
        takenAt: at,
      }),
    ]);
    const kinds = await eventually(
      async () => {
        const page = await inbox("admin");
        return page.totalCount === 3 ? page.edges.map((e: UntypedJson) => `${e.node.kind}: ${e.node.body}`) : null;
      },
      60_000,
      "receipt and snapshot notes",
    );
    expect(kinds).toContain("PURCHASE: You bought 2 AAPL at 251.31 each, 502.62 in total.");
    expect(kinds).toContain(`SNAPSHOT_SAVED: Your share value of 123.46 was saved at ${at}.`);
    expect(mail.messages.filter((m) => m.to.includes("ops@example.com"))).toHaveLength(1);
  });

  it("pages newest first with cursors, counts exactly, and marks read (someone else's id is NOT_FOUND)", async () => {
    const first = await inbox("ada", "(first: 2)");
    expect(first.totalCount).toBe(3);
    expect(first.edges).toHaveLength(2);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = await inbox("ada", `(first: 2, after: "${first.pageInfo.endCursor}")`);
    expect(rest.edges.map((e: UntypedJson) => e.node.kind)).toEqual(["WELCOME"]);
    expect(rest.pageInfo).toEqual({ hasNextPage: false, endCursor: rest.edges[0].cursor });

    expect((await unread("ada", ada.userId)).data!._entities[0].unreadNotificationCount).toBe(3);
    const target = first.edges[1].node.id;
    const byBob = await gql(`mutation($id: ID!) { markNotificationRead(id: $id) { id } }`, { id: target }, "bob");
    expect(byBob.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    const read = await gql(
      `mutation($id: ID!) { markNotificationRead(id: $id) { id read readAt } }`,
      { id: target },
      "ada",
    );
    expect(read.data!.markNotificationRead).toMatchObject({ id: target, read: true, readAt: expect.any(String) });
    expect((await unread("ada", ada.userId)).data!._entities[0].unreadNotificationCount).toBe(2);
    expect((await inbox("ada", "(unreadOnly: true)")).totalCount).toBe(2);
    expect((await gql(`mutation { markAllNotificationsRead }`, {}, "ada")).data!.markAllNotificationsRead).toBe(2);
    expect((await gql(`mutation { markAllNotificationsRead }`, {}, "ada")).data!.markAllNotificationsRead).toBe(0);
    expect((await unread("ada", ada.userId)).data!._entities[0].unreadNotificationCount).toBe(0);
  });

  it("never shows one user's inbox to another", async () => {
    const bobs = await inbox("bob");
    expect(bobs.edges.map((e: UntypedJson) => e.node.title)).toEqual(["Welcome to Tickergraph, Bob"]);
    const peek = await gql(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on User { notifications { totalCount } } } }`,
      { r: [{ __typename: "User", id: ada.userId }] },
      "bob",
    );
    expect(peek.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const adaFirst = (await inbox("ada")).edges[0].node.id;
    const entity = await gql(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Notification { body } } }`,
      { r: [{ __typename: "Notification", id: adaFirst }] },
      "bob",
    );
    expect(entity.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await gql(`{ notifications { totalCount } }`)).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("validates preferences with the field named, and sends SMS to an E.164 number once chosen", async () => {
    const update = `mutation($i: UpdateNotificationPreferencesInput!) { updateNotificationPreferences(input: $i) { phoneNumber kinds { kind channels } } }`;
    const badPhone = await gql(update, { i: { phoneNumber: "0044 7911 123456" } }, "bob");
    expect(badPhone.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "input.phoneNumber" });
    const noPhone = await gql(update, { i: { kinds: [{ kind: "PROMOTION", channels: ["SMS"] }] } }, "bob");
    expect(noPhone.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "input.phoneNumber" });
    const badEnum = await gql(update, { i: { kinds: [{ kind: "SPAM", channels: [] }] } }, "bob");
    expect(badEnum.errors?.[0]?.extensions?.code).toMatch(/BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED/);

    const ok = await gql(
      update,
      { i: { phoneNumber: "+44 7911 123456", kinds: [{ kind: "PROMOTION", channels: ["IN_APP", "SMS"] }] } },
      "bob",
    );
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.updateNotificationPreferences.phoneNumber).toBe("+447911123456");
    expect(ok.data!.updateNotificationPreferences.kinds).toContainEqual({
      kind: "PROMOTION",
      channels: ["IN_APP", "SMS"],
    });
    expect(ok.data!.updateNotificationPreferences.kinds).toContainEqual({
      kind: "ALERT_TRIGGERED",
      channels: ["IN_APP", "EMAIL"],
    });

    const sent = await gql(
      `mutation($i: SendNotificationInput!) { sendNotification(input: $i) { recipients } }`,
      { i: { userId: bob.userId, title: "Flash sale", body: "Fees halved today" } },
      "admin",
    );
    expect(sent.data!.sendNotification).toEqual({ recipients: 1 });
    await eventually(() => sms.accepted().find((m) => m.body === "Fees halved today"), 60_000, "the promotion SMS");
    expect(sms.accepted().filter((m) => m.body === "Fees halved today")).toEqual([
      { to: "+447911123456", body: "Fees halved today" },
    ]);
  });

  it("lets only an ADMIN send promotions, to one user or (in batches) to everyone", async () => {
    const send = `mutation($i: SendNotificationInput!) { sendNotification(input: $i) { recipients } }`;
    const denied = await gql(send, { i: { title: "Free money", body: "Click here" } }, "ada");
    expect(denied.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(
      (await gql(send, { i: { userId: randomUUID(), title: "t", body: "b" } }, "admin")).errors?.[0]?.extensions?.code,
    ).toBe("NOT_FOUND");
    expect((await gql(send, { i: { title: " ", body: "b" } }, "admin")).errors?.[0]?.extensions).toEqual({
      code: "BAD_USER_INPUT",
      field: "input.title",
    });

    const everyone = await gql(send, { i: { title: "New instruments", body: "Gold and silver are listed" } }, "admin");
    // Everyone registered so far: admin, Ada, Bob, and Dora when the events-before-the-address case ran first.
    const registered = Object.keys(tokens);
    expect(everyone.data!.sendNotification).toEqual({ recipients: registered.length });
    for (const who of registered) {
      const promotions = (await inbox(who)).edges.filter((e: UntypedJson) => e.node.title === "New instruments");
      expect(promotions).toHaveLength(1);
      expect(promotions[0].node.kind).toBe("PROMOTION");
    }
  });

  it("lists dead deliveries for admins and requeues them after the provider recovers", async () => {
    sms.answer(() => 500);
    const client = new (serviceConstructor(NOTIFICATION_PROTO, NOTIFICATION_SERVICE))(
      subgraph.grpcAddress,
      grpc.credentials.createInsecure(),
    );
    try {
      const queued = await callUnary<{ delivery_id: string; status: string }>(client, "SendSMSNotification", {
        to: "+14155550199",
        body: "DLQ drill",
      });
      expect(queued.status).toBe("PENDING");
      const deadQuery = `{ deadDeliveries { id channel status recipient attempts maxAttempts lastError } }`;
      const dead = await eventually(
        async () => {
          const list = (await gql(deadQuery, {}, "admin")).data?.deadDeliveries as UntypedJson[] | undefined;
          return list?.find((d) => d.id === queued.delivery_id);
        },
        60_000,
        "the dead SMS",
      );
      expect(dead).toMatchObject({
        channel: "SMS",
        status: "DEAD",
        recipient: "+14155550199",
        attempts: 3,
        maxAttempts: 3,
        lastError: expect.stringContaining("500"),
      });
      expect((await gql(deadQuery, {}, "ada")).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      expect((await gql(`mutation { retryDeadDeliveries }`, {}, "ada")).errors?.[0]?.extensions?.code).toBe(
        "FORBIDDEN",
      );

      sms.answer(() => 202);
      const retried = await gql(
        `mutation($ids: [ID!]) { retryDeadDeliveries(ids: $ids) }`,
        { ids: [queued.delivery_id] },
        "admin",
      );
      expect(retried.data!.retryDeadDeliveries).toBe(1);
      await eventually(() => sms.accepted().find((m) => m.body === "DLQ drill"), 60_000, "the requeued SMS");
      await eventually(async () => (await subgraph.queue.byId(queued.delivery_id))?.status === "SENT");
      expect(sms.accepted().filter((m) => m.body === "DLQ drill")).toHaveLength(1);
      expect(
        ((await gql(deadQuery, {}, "admin")).data!.deadDeliveries as UntypedJson[]).map((d) => d.id),
      ).not.toContain(queued.delivery_id);
    } finally {
      client.close();
    }
  });

  it("serves SendEmailNotification over gRPC through the same queue, refusing bad input as INVALID_ARGUMENT", async () => {
    const client = new (serviceConstructor(NOTIFICATION_PROTO, NOTIFICATION_SERVICE))(
      subgraph.grpcAddress,
      grpc.credentials.createInsecure(),
    );
    try {
      expect(subgraph.grpcAddress).toMatch(/^127\.0\.0\.1:\d+$/);
      const queued = await callUnary<{ delivery_id: string }>(client, "SendEmailNotification", {
        to: "carol@example.com",
        subject: "Statement ready",
        body: "Your monthly statement is ready.",
      });
      const email = await eventually(
        () => mail.messages.find((m) => m.subject === "Statement ready"),
        60_000,
        "the gRPC email",
      );
      expect(email).toMatchObject({ to: ["carol@example.com"], text: "Your monthly statement is ready." });
      expect((await subgraph.queue.byId(queued.delivery_id))?.channel).toBe("EMAIL");
      await expect(callUnary(client, "SendSMSNotification", { to: "555-0199", body: "x" })).rejects.toMatchObject({
        code: grpcStatus.INVALID_ARGUMENT,
      });
      await expect(
        callUnary(client, "SendEmailNotification", { to: "not-an-email", subject: "s", body: "b" }),
      ).rejects.toMatchObject({ code: grpcStatus.INVALID_ARGUMENT });
    } finally {
      client.close();
    }
  });
});
