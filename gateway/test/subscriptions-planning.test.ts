// Pure pieces of the subscription engine, without servers: planning, per-event execution over stub data sources,
// fan-out ordering, dedup keys, depth, scope and upstream failure mapping.
import { LocalGraphQLDataSource } from "@apollo/gateway";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { createLogger } from "@tickergraph/telemetry";
import type { UpstreamEvent } from "../src/subscriptions/event-execution.js";
import { executeEvent, eventQueryPlan } from "../src/subscriptions/event-execution.js";
import { ExecutionGroup, Feed } from "../src/subscriptions/feed.js";
import { operationDepth } from "../src/subscriptions/operation-depth.js";
import { SubscriptionPlanner } from "../src/subscriptions/planner.js";
import { callerDependence, userScopedSubscriptionFields } from "../src/scope.js";
import { CredentialPool } from "../src/subscriptions/credentials.js";
import { apolloLogger } from "@tickergraph/service";
import { GroupWork } from "../src/subscriptions/group-work.js";
import { TokenService } from "@tickergraph/auth";
import type { SharedResult } from "../src/subscriptions/shared-result.js";
import { shareResult } from "../src/subscriptions/shared-result.js";
import { stableStringify } from "../src/subscriptions/stable-key.js";
import { clientErrors, SubscriptionEnded, upstreamEnded } from "../src/subscriptions/subscription-ended.js";
import type { ClientSink } from "../src/subscriptions/client-sink.js";
import { composeFixtureSupergraph, INSIGHT_SDL, insightResolvers, trendOf } from "./fixtures/ticker-subgraphs.js";

const supergraphSdl = composeFixtureSupergraph();
const planner = new SubscriptionPlanner(supergraphSdl);
const plan = (query: string, operationName?: string) => planner.plan(parse(query), operationName, query);

describe("planning", () => {
  it("sends the root field to its subgraph and leaves other subgraphs' fields to `rest`", () => {
    const { primary, rest, rootField, userScoped } = plan(`subscription { ticked(symbol: "A") { id price trend } }`);
    expect(primary.serviceName).toBe("ticker");
    expect(primary.operation).toMatch(/ticked\(symbol:"A"\)/);
    expect(primary.operation).not.toMatch(/trend/);
    expect(rest).toBeDefined();
    expect(JSON.stringify(rest)).toMatch(/"serviceName":"insight"/);
    expect({ rootField, userScoped }).toEqual({ rootField: "ticked", userScoped: false });
  });

  it("needs no `rest` when one subgraph owns the whole selection", () => {
    expect(plan(`subscription { ticked(symbol: "A") { id price } }`).rest).toBeUndefined();
  });

  it("reads @userScoped from the supergraph, whatever the client's alias", () => {
    expect(plan(`subscription { mine: myTicks { id } }`)).toMatchObject({ rootField: "myTicks", userScoped: true });
    expect([...userScopedSubscriptionFields(supergraphSdl)]).toEqual(["myTicks"]);
  });

  it("resolves per user only what selects a caller-dependent field (@userScoped root or @ownerOnly field)", () => {
    expect(callerDependence(supergraphSdl)).toEqual({ fields: new Set(["Tick.seenBy"]), types: new Set() });
    expect(plan(`subscription { ticked(symbol: "A") { id price trend } }`).perUser).toBe(false);
    expect(plan(`subscription { ticked(symbol: "A") { id seenBy } }`).perUser).toBe(true);
    expect(
      plan(`subscription { ticked(symbol: "A") { id ...S } } fragment S on Tick { related { seenBy } }`).perUser,
    ).toBe(true);
    expect(plan(`subscription { ticked(symbol: "A") { id ... on Tick { related { who: seenBy } } } }`).perUser).toBe(
      true,
    );
    expect(plan(`subscription { myTicks { id } }`).perUser).toBe(true);
  });

  it("refuses queries and invalid operations with the standard codes", () => {
    expect(() => plan(`query { symbols }`)).toThrow(
      expect.objectContaining({ extensions: { code: "BAD_USER_INPUT" } }),
    );
    expect(() => plan(`subscription { ticked(symbol: "A") { nope } }`)).toThrow(
      expect.objectContaining({ extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }),
    );
    expect(() => plan(`subscription A { myTicks { id } } subscription B { myTicks { id } }`, "C")).toThrow();
  });

  it("reuses the plan of an operation it has seen", () => {
    const query = `subscription { ticked(symbol: "CACHE") { id } }`;
    expect(plan(query)).toBe(plan(query));
  });
});

describe("per-event execution", () => {
  // The insight subgraph itself, executed in memory: entity fetches get real answers (aliases included).
  const insight = new LocalGraphQLDataSource(
    buildSubgraphSchema({ typeDefs: parse(INSIGHT_SDL), resolvers: insightResolvers as never }),
  );
  const run = (query: string, event: UpstreamEvent, variables: Record<string, unknown> = {}) => {
    const p = plan(query);
    return executeEvent({
      event,
      plan: p,
      queryPlan: eventQueryPlan(p.primary, p.rest),
      planner,
      serviceMap: { insight },
      variables,
      context: { identity: null, authorization: undefined, requestId: "test" },
      logger: apolloLogger(createLogger("test", "silent")),
    });
  };

  it("seeds the plan with the event and shapes the result by the client's selection", async () => {
    const query = `subscription($t: Boolean!) { t: ticked(symbol: "A") { ...F why: trend @include(if: $t) price @skip(if: true) } }
                   fragment F on Tick { __typename id }`;
    const event = { data: { t: { __typename: "Tick", id: "e1", price: 3 } } };
    const result = await run(query, event, { t: true });
    expect(result).toEqual({ data: { t: { __typename: "Tick", id: "e1", why: trendOf("e1") } } });
  });

  it("reports an entity fetch's failure as an error on the event, with the data it has", async () => {
    const result = await run(`subscription { ticked(symbol: "A") { id trend broken } }`, {
      data: { ticked: { __typename: "Tick", id: "e2" } },
    });
    expect(result.data).toEqual({ ticked: { id: "e2", trend: trendOf("e2"), broken: null } });
    expect(result.errors?.map((e) => [e.message, e.path])).toEqual([
      ["insight store unavailable", ["ticked", "broken"]],
    ]);
    expect(shareResult(result, 0, () => undefined).result.errors).toEqual([
      expect.objectContaining({
        message: "Internal server error",
        extensions: { code: "INTERNAL_SERVER_ERROR", serviceName: "insight" },
      }),
    ]);
  });

  it("passes on the errors an upstream event carries", async () => {
    const event = { data: null, errors: [{ message: "ticker could not build this tick", path: ["ticked"] }] };
    const result = await run(`subscription { ticked(symbol: "A") { id trend } }`, event);
    expect(result.data).toBeNull();
    expect(result.errors?.map((e) => e.message)).toEqual(["ticker could not build this tick"]);
  });
});

describe("fan-out", () => {
  const sink = (got: unknown[]): ClientSink & { ended: boolean } => {
    const teardowns: Array<() => void> = [];
    const s = {
      ended: false,
      deliver: (shared: SharedResult) => void got.push(shared.result),
      fail: (error: unknown) => void got.push(error),
      end: () => {
        s.ended = true;
        for (const t of teardowns) t();
      },
      onEnd: (t: () => void) => void teardowns.push(t),
    };
    return s;
  };

  it("delivers events in upstream order even when a later one executes faster", async () => {
    const delays = [30, 0, 10];
    const group = new ExecutionGroup(
      "g",
      async (event) => {
        await new Promise((resolve) => setTimeout(resolve, delays.shift()));
        return shareResult({ data: event.data as Record<string, unknown> }, 0, () => undefined);
      },
      () => undefined,
    );
    const got: unknown[] = [];
    let delivered!: () => void;
    const done = new Promise<void>((resolve) => (delivered = resolve));
    group.add({
      ...sink(got),
      deliver: (shared) => {
        got.push(shared.result);
        if (got.length === 3) delivered();
      },
    });
    for (const n of [1, 2, 3]) group.push({ data: { n } }, 0);
    await done;
    expect(got).toEqual([{ data: { n: 1 } }, { data: { n: 2 } }, { data: { n: 3 } }]);
  });

  it("closes the upstream when the last group's last client leaves, exactly once", () => {
    let unsubscribed = 0;
    let closed = 0;
    const feed = new Feed(
      "f",
      () => () => unsubscribed++,
      () => closed++,
      () => undefined,
    );
    feed.start();
    const groups = ["a", "b"].map((key) =>
      feed.group(
        key,
        () =>
          new ExecutionGroup(
            key,
            async () => shareResult({}, 0, () => undefined),
            () => feed.removeGroup(key),
          ),
      ),
    );
    const clients = groups.map((group) => {
      const client = sink([]);
      group.add(client);
      return client;
    });
    clients[0]!.end();
    expect([unsubscribed, closed]).toEqual([0, 0]);
    clients[1]!.end();
    feed.close();
    expect([unsubscribed, closed]).toEqual([1, 1]);
  });
});

describe("keys, depth and errors", () => {
  it("gives equal variables equal keys whatever their order", () => {
    expect(stableStringify({ b: [1, { y: 2, x: 1 }], a: null, c: undefined })).toBe(
      stableStringify({ a: null, b: [1, { x: 1, y: 2 }] }),
    );
    expect(stableStringify({ a: 1 })).not.toBe(stableStringify({ a: "1" }));
  });

  it("counts depth through fragments and inline fragments, and survives fragment cycles", () => {
    expect(operationDepth(parse(`subscription { a { b { ...F } } } fragment F on X { c { ... on Y { d } } }`))).toBe(4);
    expect(operationDepth(parse(`subscription { a { ...F } } fragment F on X { b { ...F } }`))).toBe(2);
  });

  it("explains an upstream that gave up, and passes a subgraph's client errors through", () => {
    expect(upstreamEnded("ticker", { code: 1006, reason: "" }).errors).toEqual([
      {
        message: expect.stringContaining("ticker subgraph is unreachable"),
        extensions: { code: "SUBGRAPH_UNAVAILABLE", serviceName: "ticker", closeCode: 1006 },
      },
    ]);
    expect(
      upstreamEnded("ticker", [
        { message: "sign in", extensions: { code: "UNAUTHENTICATED" } },
        { message: "db password is hunter2" },
      ]).errors,
    ).toEqual([
      { message: "sign in", extensions: { code: "UNAUTHENTICATED", serviceName: "ticker" } },
      { message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR", serviceName: "ticker" } },
    ]);
  });

  it("sends our own end-of-subscription errors as built and masks anything unexpected", async () => {
    const { GraphQLError } = await import("graphql");
    const logger = createLogger("test", "silent");
    const ended = new SubscriptionEnded([{ message: "gone", extensions: { code: "SUBGRAPH_UNAVAILABLE" } }]);
    expect(clientErrors([new GraphQLError("gone", { originalError: ended })], logger)).toEqual([
      { message: "gone", extensions: { code: "SUBGRAPH_UNAVAILABLE" } },
    ]);
    expect(clientErrors([new GraphQLError("secret", { originalError: new Error("secret") })], logger)).toEqual([
      { message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } },
    ]);
  });
});

describe("credentials of shared work", () => {
  const tokens = (ttlSeconds: number) => new TokenService("credential-test-secret-at-least-32-chars", ttlSeconds);
  const header = async (ttlSeconds: number) =>
    `Bearer ${await tokens(ttlSeconds).issue({ userId: "u1", email: "u1@example.com" })}`;

  it("acts with the unexpired token that lasts longest, and forgets a holder that left", async () => {
    let now = Date.now();
    const pool = new CredentialPool(() => now);
    const [short, long] = [await header(60), await header(3600)];
    const releaseShort = pool.hold(short);
    expect(pool.freshest()).toBe(short);
    const releaseLong = pool.hold(long);
    expect(pool.freshest()).toBe(long);
    releaseLong();
    expect(pool.freshest()).toBe(short);
    now += 61_000;
    expect(pool.freshest()).toBeUndefined();
    releaseShort();
    expect(pool.size).toBe(0);
  });

  it("gives a per-user group the context of a member whose token is still valid, and a public one none", async () => {
    let now = Date.now();
    const operation = {
      document: parse(`subscription { myTicks { id seenBy } }`),
      query: "q",
      operationName: undefined,
      variables: {},
    };
    const p = plan(`subscription { myTicks { id seenBy } }`);
    const group = new GroupWork(operation, p, { userId: "u1", email: "u1@example.com" }, () => now);
    const [first, second] = [await header(60), await header(3600)];
    group.credentials.hold(first);
    expect(group.context()?.authorization).toBe(first);
    group.credentials.hold(second);
    now += 120_000; // the first client's token has expired; it has not left yet
    expect(group.context()).toMatchObject({ identity: { userId: "u1" }, authorization: second });
    now += 3_600_000;
    expect(group.context()).toBeUndefined();

    const publicGroup = new GroupWork(operation, plan(`subscription { ticked(symbol: "A") { id } }`), null, () => now);
    publicGroup.credentials.hold(second);
    expect(publicGroup.context()).toMatchObject({ identity: null, authorization: undefined });
  });
});
