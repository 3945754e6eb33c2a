// The user subgraph in embedded mode (PGlite under a temp DATA_DIR, in-process bus and hub): the same start()
// as distributed mode, so the snapshot round trip through the bus, the writer and the bridge must work here too.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppConfig } from "@tickergraph/config";
import { loadConfig } from "@tickergraph/config";
import type { Runtime } from "@tickergraph/service";
import { createRuntime } from "@tickergraph/service";
import { collect, graphqlRequest, nextValue, openSubscription, until, withTimeout } from "@tickergraph/testing";
import { useLeftovers } from "@tickergraph/testing/leftovers";
import type { RunningUserSubgraph } from "../src/index.js";
import { start } from "../src/index.js";
import { LOGIN, ME, newRegistration, REGISTER, SAVE_SNAPSHOT } from "./operations.js";

describe("user subgraph in embedded mode", () => {
  // Feeds (sockets) a test opens are closed after it even when an assertion fails.
  const leftovers = useLeftovers();
  let dataDir: string;
  let config: AppConfig;
  let runtime: Runtime;
  let subgraph: RunningUserSubgraph;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "tickergraph-user-"));
    config = loadConfig({ DATA_DIR: dataDir, USER_PORT: "0", SHARE_TICK_MS: "200", LOG_LEVEL: "warn" });
    runtime = await createRuntime(config, "user");
    subgraph = await start(config, runtime);
  });
  afterAll(async () => {
    await subgraph?.stop();
    await runtime?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** A graphql-ws subscribe returns before the resolver has taken its hub channel; publishing earlier would miss it. */
  async function hubListeners(count: number): Promise<void> {
    await until(`${count} hub listener(s)`, () => runtime.hub.stats().listeners >= count, 10_000, 1);
  }

  it("runs on PGlite with the in-process bus and hub", () => {
    expect(config.mode).toBe("embedded");
    expect(runtime.driver.kind).toBe("pglite");
    expect(runtime.hub.kind).toBe("in-process");
  });

  it("registers, answers me, saves a snapshot and announces it on snapshotSaved", async () => {
    const input = newRegistration("embedded");
    const registered = await graphqlRequest(subgraph.url, REGISTER, { i: input });
    expect(registered.errors).toBeUndefined();
    const { token, user } = registered.data!.register;

    const me = await graphqlRequest(subgraph.url, ME, {}, token);
    expect(me.data!.me).toMatchObject({
      id: user.id,
      email: input.email.trim().toLowerCase(),
      displayName: input.displayName,
      snapshots: [],
    });

    const feed = leftovers.add(
      openSubscription(subgraph.wsUrl, "subscription { snapshotSaved { id value takenAt user { id } } }", {}, token),
    );
    const first = feed.next();
    await hubListeners(1);
    const saved = await graphqlRequest(subgraph.url, SAVE_SNAPSHOT, {}, token);
    expect(saved.errors).toBeUndefined();
    const snapshot = saved.data!.saveSnapshot;
    const event = await withTimeout(first, 15_000, "snapshotSaved");
    expect(event.value?.data?.snapshotSaved).toEqual({ ...snapshot, user: { id: user.id } });

    const after = await graphqlRequest(subgraph.url, "{ me { snapshots { id value takenAt } } }", {}, token);
    expect(after.data!.me.snapshots).toEqual([snapshot]);
  });

  it("streams the caller's share value ticks, each starting where the last ended", async () => {
    const { token, user } = (await graphqlRequest(subgraph.url, REGISTER, { i: newRegistration("ticks") })).data!
      .register;
    const feed = leftovers.add(
      openSubscription(
        subgraph.wsUrl,
        "subscription { shareValueChanged { value previousValue user { id } } }",
        {},
        token,
      ),
    );
    const first = (await nextValue(feed, 10_000, "a share value tick")).data!.shareValueChanged;
    const second = (await nextValue(feed, 10_000, "another tick")).data!.shareValueChanged;
    expect(first.user.id).toBe(user.id);
    expect(second.previousValue).toBe(first.value);
    expect(Math.abs(second.value - second.previousValue)).toBeLessThanOrEqual(second.previousValue * 0.02 + 0.005);
  });

  it("resolves the user of every event afresh, not from the first event's cache", async () => {
    const { token } = (await graphqlRequest(subgraph.url, REGISTER, { i: newRegistration("fresh") })).data!.register;
    const feed = leftovers.add(
      openSubscription(
        subgraph.wsUrl,
        "subscription { shareValueChanged { changedAt user { shareValueUpdatedAt } } }",
        {},
        token,
      ),
    );
    // The row is written before its event, so the user read for an event is never older than the event.
    for (const change of await collect(feed, 3, 10_000)) {
      const { changedAt, user } = change.data!.shareValueChanged;
      expect(Date.parse(user.shareValueUpdatedAt)).toBeGreaterThanOrEqual(Date.parse(changedAt));
    }
  });

  it("revokes in-process: logout ends that token, logout everywhere every earlier one, a new login works", async () => {
    const input = newRegistration("logout");
    const { token, user } = (await graphqlRequest(subgraph.url, REGISTER, { i: input })).data!.register;
    const login = async () =>
      (await graphqlRequest(subgraph.url, LOGIN, { e: input.email, p: input.password })).data!.login.token as string;
    const second = await login();
    expect(await graphqlRequest(subgraph.url, "mutation { logout }", {}, token)).toMatchObject({
      data: { logout: true },
    });
    const refused = {
      errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: "UNAUTHENTICATED" }) })],
    };
    expect(await graphqlRequest(subgraph.url, ME, {}, token)).toMatchObject(refused);
    expect(await graphqlRequest(subgraph.url, ME, {}, second)).toMatchObject({ data: { me: { id: user.id } } });
    await graphqlRequest(subgraph.url, "mutation { logoutEverywhere }", {}, second);
    expect(await graphqlRequest(subgraph.url, ME, {}, second)).toMatchObject(refused);
    // The watermark covers its own millisecond; a login in a later one is valid.
    const revokedAt = Date.now();
    while (Date.now() <= revokedAt + 1) await new Promise((resolve) => setImmediate(resolve));
    expect(await graphqlRequest(subgraph.url, ME, {}, await login())).toMatchObject({ data: { me: { id: user.id } } });
  });
});
