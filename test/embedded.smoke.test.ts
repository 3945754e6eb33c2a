// The embedded mode as `npm start` runs it (PGlite, in-process bus and hub), driven through the gateway.
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, everyPortFree } from "@tickergraph/config";
import { graphqlRequest, nextValue, openSubscription, withTimeout } from "@tickergraph/testing";
import type { EmbeddedStack } from "../scripts/embedded/launcher.js";
import { startEmbedded } from "../scripts/embedded/launcher.js";
import type { MailSink } from "../subgraphs/notification/src/sinks/mail-sink.js";
import { startMailSink } from "../subgraphs/notification/src/sinks/mail-sink.js";
import { runMarketFlow } from "./flows/market-flow.js";
import { runNotificationFlow } from "./flows/notification-flow.js";
import { runUnknownUserFlow } from "./flows/unknown-user-flow.js";

describe("embedded mode through the gateway", () => {
  let stack: EmbeddedStack;
  let dataDir: string;
  let mail: MailSink;
  const config = async () =>
    loadConfig({
      DATA_DIR: dataDir,
      ...everyPortFree(),
      SMTP_URL: mail.url,
      DELIVERY_POLL_MS: "100",
      SHARE_TICK_MS: "200",
      PRICE_TICK_MS: "250",
      LOG_LEVEL: "warn",
    });
  // Five subgraphs migrate their PGlite schemas at start: minutes on a loaded two-core machine.
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "tickergraph-embedded-"));
    mail = await startMailSink();
    stack = await startEmbedded(await config());
  }, 300_000);
  afterAll(async () => {
    await stack?.stop();
    await mail?.stop();
  });

  it("registers, reads me, saves a snapshot and receives it live", async () => {
    const gql = (query: string, variables = {}, token?: string) =>
      graphqlRequest(stack.gatewayUrl, query, variables, token);
    const registered = await gql(
      `mutation($i: RegisterInput!) { register(input: $i) { token user { id displayName shareValue } } }`,
      {
        i: { email: "Embedded@Example.com", password: "embedded password", displayName: "Em" },
      },
    );
    const { token, user } = registered.data!.register;
    const me = await gql(`{ me { id email displayName shareValue snapshots { id } } }`, {}, token);
    expect(me.data!.me).toMatchObject({ id: user.id, email: "embedded@example.com", displayName: "Em", snapshots: [] });

    const ws = stack.gatewayUrl.replace(/^http/, "ws");
    const saved = openSubscription(ws, `subscription { snapshotSaved { id value user { id } } }`, {}, token);
    const ticks = openSubscription(
      ws,
      `subscription { shareValueChanged { value previousValue user { displayName } } }`,
      {},
      token,
    );
    const firstSaved = saved.next();
    const tick = await nextValue(ticks, 15_000, "a share value tick");
    expect(tick.data!.shareValueChanged.user.displayName).toBe("Em");
    const snapshot = await gql(`mutation { saveSnapshot { id value } }`, {}, token);
    const event = await withTimeout(firstSaved, 15_000, "snapshotSaved");
    expect(event.value.data.snapshotSaved).toMatchObject({ id: snapshot.data!.saveSnapshot.id, user: { id: user.id } });
    await Promise.all([saved.dispose(), ticks.dispose()]);
  });

  it("refuses buy and createAlert for a validly signed token of a user that does not exist, writing nothing", async () => {
    // The launcher generated the signing secret into DATA_DIR: a forger with the secret is the case at hand.
    const secret = (await readFile(join(dataDir, "jwt-secret"), "utf8")).trim();
    await runUnknownUserFlow(stack.gatewayUrl, secret);
  });

  it("lists instruments, streams prices, fires an alert with its quote, and buys", async () => {
    await runMarketFlow(stack.gatewayUrl);
  });

  it("notifies of a fired alert in the inbox, live and by email; reading it clears the unread count", async () => {
    await runNotificationFlow(stack.gatewayUrl, mail);
  });

  it("keeps its data across a restart", async () => {
    await stack.stop();
    stack = await startEmbedded(await config());
    const login = await graphqlRequest(
      stack.gatewayUrl,
      `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { user { id } } }`,
      {
        e: "embedded@example.com",
        p: "embedded password",
      },
    );
    expect(login.errors).toBeUndefined();
    const me = await graphqlRequest(
      stack.gatewayUrl,
      `{ me { snapshots { id } } }`,
      {},
      (
        await graphqlRequest(
          stack.gatewayUrl,
          `mutation { login(email: "embedded@example.com", password: "embedded password") { token } }`,
        )
      ).data!.login.token,
    );
    expect(me.data!.me.snapshots).toHaveLength(1);
  }, 300_000);
});
