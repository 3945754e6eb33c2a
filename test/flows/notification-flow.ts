// The notification flow as a client sees it through the gateway: an alert fires → a notification is in
// the inbox, arrives on notificationReceived with its user resolved by the user subgraph, an email reaches the
// SMTP server, and the unread count goes 1 → 0 when it is read. Shared by the embedded and distributed tests.
import type { UntypedJson } from "@tickergraph/testing";
import { expect } from "vitest";
import { graphqlRequest, openSubscription, withTimeout, until } from "@tickergraph/testing";
import type { MailSink } from "../../subgraphs/notification/src/sinks/mail-sink.js";

/** The shared `until` with this flow's argument order, polling every 50 ms. */
const eventually = <T>(probe: () => T | Promise<T>, ms: number, what: string) => until(what, probe, ms, 50);

export async function runNotificationFlow(gatewayUrl: string, mail: MailSink): Promise<void> {
  const ws = gatewayUrl.replace(/^http/, "ws");
  const gql = (query: string, variables = {}, token?: string) => graphqlRequest(gatewayUrl, query, variables, token);
  const email = `notified.${Date.now()}.${Math.random().toString(36).slice(2)}@example.com`;
  const registered = await gql(`mutation($i: RegisterInput!) { register(input: $i) { token user { id } } }`, {
    i: { email, password: "notified password", displayName: "Notified" },
  });
  const { token, user } = registered.data!.register;
  const unread = async () =>
    (await gql(`{ me { unreadNotificationCount } }`, {}, token)).data!.me.unreadNotificationCount as number;
  const total = async () =>
    (await gql(`{ notifications { totalCount } }`, {}, token)).data!.notifications.totalCount as number;

  // The welcome comes first, by inbox and email.
  await eventually(async () => (await unread()) === 1, 30_000, "the welcome notification");
  await eventually(
    () => mail.messages.find((m) => m.to.includes(email) && m.subject === "Welcome to Tickergraph, Notified"),
    30_000,
    "the welcome email",
  );

  // A live feed only carries what happens after it is established (gateway → subgraph → hub), which on a busy
  // machine takes a moment: save snapshots (each makes an in-app notification) until one arrives live.
  const live = openSubscription(
    ws,
    `subscription { notificationReceived { id kind title body read user { id displayName } } }`,
    {},
    token,
  );
  let pending = live.next();
  let saves = 0;
  for (;;) {
    expect((await gql(`mutation { saveSnapshot { id } }`, {}, token)).errors).toBeUndefined();
    saves++;
    const first = await Promise.race([pending, new Promise<null>((resolve) => setTimeout(() => resolve(null), 3000))]);
    if (first) {
      // (The welcome itself may still be on its way and come first.)
      expect(first.value.data.notificationReceived).toMatchObject({
        kind: expect.stringMatching(/^(SNAPSHOT_SAVED|WELCOME)$/),
        user: { displayName: "Notified" },
      });
      pending = live.next();
      break;
    }
    if (saves >= 10) throw new Error("notificationReceived delivered nothing after 10 snapshots");
  }
  // Every snapshot note is in the inbox before reading them all, so the unread count is exactly 0 afterwards.
  await eventually(async () => (await total()) === 1 + saves, 30_000, "every snapshot notification");
  expect((await gql(`mutation { markAllNotificationsRead }`, {}, token)).data!.markAllNotificationsRead).toBe(
    1 + saves,
  );
  expect(await unread()).toBe(0);

  const price = (await gql(`{ quote(symbol: "AAPL") { price } }`)).data!.quote.price as number;
  const threshold = Math.round((price / 2) * 100) / 100;
  const created = await gql(
    `mutation($i: CreateAlertInput!) { createAlert(input: $i) { id } }`,
    { i: { symbol: "AAPL", direction: "ABOVE", threshold } },
    token,
  );
  expect(created.errors).toBeUndefined();

  let event: UntypedJson;
  do {
    event = (await withTimeout(pending, 30_000, "notificationReceived")).value.data.notificationReceived;
    pending = live.next();
  } while (event.kind !== "ALERT_TRIGGERED");
  expect(event).toMatchObject({
    kind: "ALERT_TRIGGERED",
    title: "AAPL alert",
    read: false,
    user: { id: user.id, displayName: "Notified" },
  });
  expect(event.body).toMatch(new RegExp(`^AAPL rose above ${threshold.toFixed(2)}: \\d+\\.\\d{2}$`));
  await live.dispose();

  const inbox = await gql(
    `{ me { unreadNotificationCount notifications(first: 1) { totalCount edges { node { id kind body } } } } }`,
    {},
    token,
  );
  expect(inbox.data!.me).toMatchObject({
    unreadNotificationCount: 1,
    notifications: {
      totalCount: 2 + saves,
      edges: [{ node: { id: event.id, kind: "ALERT_TRIGGERED", body: event.body } }],
    },
  });

  const mailed = await eventually(
    () => mail.messages.find((m) => m.to.includes(email) && m.subject === "AAPL alert"),
    30_000,
    "the alert email",
  );
  expect(mailed.text).toBe(event.body);

  // Another user sees none of it and cannot touch it.
  const other = (
    await gql(`mutation($i: RegisterInput!) { register(input: $i) { token } }`, {
      i: { email: `other.${email}`, password: "other password", displayName: "Other" },
    })
  ).data!.register.token as string;
  const theirs = await gql(`{ notifications(first: 100) { edges { node { id } } } }`, {}, other);
  expect(theirs.data!.notifications.edges.map((e: UntypedJson) => e.node.id)).not.toContain(event.id);
  const stolen = await gql(`mutation($id: ID!) { markNotificationRead(id: $id) { id } }`, { id: event.id }, other);
  expect(stolen.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");

  const read = await gql(`mutation($id: ID!) { markNotificationRead(id: $id) { id read } }`, { id: event.id }, token);
  expect(read.data!.markNotificationRead).toEqual({ id: event.id, read: true });
  expect(await unread()).toBe(0);
}
