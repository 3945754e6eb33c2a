import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "graphql";
import { TokenService } from "@tickergraph/auth";
import { InProcessSubscriptionHub } from "@tickergraph/pubsub";
import { createLogger } from "@tickergraph/telemetry";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { graphqlRequest, nextValue, openSubscription, withTimeout } from "@tickergraph/testing";
import { useLeftovers } from "@tickergraph/testing/leftovers";
import type { BaseContext, RunningService } from "../src/index.js";
import { startGraphQLService } from "../src/index.js";

const tokens = new TokenService("service-test-secret-long-enough-1234", 60);
const hub = new InProcessSubscriptionHub();
let healthy = true;

const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  type Query { whoami: String, boom: String, echo(text: String!): String }
  type Subscription { pinged: String!, broken: String! }
`);
const resolvers = {
  Query: {
    whoami: (_: unknown, __: unknown, ctx: BaseContext) => ctx.identity?.userId ?? null,
    echo: (_: unknown, args: { text: string }) => args.text,
    boom: () => {
      throw new Error("secret internal detail");
    },
  },
  Subscription: {
    pinged: {
      subscribe: (_: unknown, __: unknown, ctx: BaseContext) => listenOn(`ping:${ctx.identity?.userId ?? "anon"}`),
      resolve: (message: { text: string }) => message.text,
    },
    broken: {
      subscribe: () => ({
        [Symbol.asyncIterator]() {
          return { next: () => Promise.reject(new Error("secret internal detail")) };
        },
      }),
    },
  },
};

// Sockets and services a test opens are closed after it, failed or not: a socket left open would hold a hub
// listener and fail the last test's "no listener left" check, blaming the wrong test.
const leftovers = useLeftovers();
const shared = useLeftovers({ scope: "all" });

let service: RunningService;
beforeAll(async () => {
  service = shared.add(
    await startGraphQLService({
      name: "fixture",
      host: "127.0.0.1",
      port: 0,
      typeDefs,
      resolvers,
      tokens,
      logger: createLogger("fixture", "silent"),
      buildContext: (base) => base,
      healthChecks: { fake: async () => healthy },
    }),
  );
});

describe("a subgraph built on startGraphQLService", () => {
  it("answers queries with the caller's identity", async () => {
    const token = await tokens.issue({ userId: "u1", email: "u1@x.io" });
    expect((await graphqlRequest(service.url, "{ whoami }", {}, token)).data).toEqual({ whoami: "u1" });
    expect((await graphqlRequest(service.url, "{ whoami }")).data).toEqual({ whoami: null });
  });

  it("refuses a bad token with UNAUTHENTICATED and HTTP 401", async () => {
    const response = await graphqlRequest(service.url, "{ whoami }", {}, "garbage");
    expect(response.status).toBe(401);
    expect(response.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("masks internal errors and never sends a stack", async () => {
    const response = await graphqlRequest(service.url, "{ boom }");
    expect(response.errors?.[0]).toMatchObject({
      message: "Internal server error",
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    });
    expect(JSON.stringify(response)).not.toMatch(/secret internal detail|stacktrace/);
  });

  it("reports parse and validation failures with their codes", async () => {
    expect((await graphqlRequest(service.url, "{ whoami ")).errors?.[0]?.extensions?.code).toBe("GRAPHQL_PARSE_FAILED");
    expect((await graphqlRequest(service.url, "{ nope }")).errors?.[0]?.extensions?.code).toBe(
      "GRAPHQL_VALIDATION_FAILED",
    );
  });

  it.each(["production", "development", "test"])(
    "answers a malformed or oversized body with JSON and a code, never an HTML stack (NODE_ENV=%s)",
    async (nodeEnv) => {
      const previous = process.env.NODE_ENV;
      process.env.NODE_ENV = nodeEnv;
      try {
        const post = (body: string) =>
          fetch(service.url, { method: "POST", headers: { "content-type": "application/json" }, body });
        const malformed = await post(`{"query": "{ whoami }"`);
        expect(malformed.status).toBe(400);
        expect(malformed.headers.get("content-type")).toMatch(/application\/json/);
        expect(await malformed.json()).toEqual({
          errors: [{ message: "The request body is not valid JSON", extensions: { code: "BAD_REQUEST" } }],
        });
        const oversized = await post(
          JSON.stringify({ query: "{ whoami }", variables: { pad: "x".repeat(2 * 1024 * 1024) } }),
        );
        expect(oversized.status).toBe(413);
        const text = await oversized.text();
        expect(JSON.parse(text).errors[0].extensions).toEqual({ code: "PAYLOAD_TOO_LARGE", maxBytes: 1024 * 1024 });
        expect(text).not.toMatch(/at |node_modules|\//);
      } finally {
        process.env.NODE_ENV = previous;
      }
    },
  );

  it("refuses NUL characters in variables or the document with BAD_USER_INPUT, over HTTP and WebSocket", async () => {
    const viaVariables = await graphqlRequest(service.url, `query($t: String!) { echo(text: $t) }`, { t: "a\u0000b" });
    expect(viaVariables.status).toBe(400);
    expect(viaVariables.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const inline = await graphqlRequest(service.url, `{ echo(text: "a\u0000b") }`);
    expect(inline.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const ws = leftovers.add(openSubscription(service.wsUrl, `subscription($t: String) { pinged }`, { t: "\u0000" }));
    const result = await withTimeout(ws.next(), 10_000, "the refusal").catch((errors: unknown) => ({ errors }));
    expect(JSON.stringify(result)).toMatch(/BAD_USER_INPUT/);
  });

  it("keeps its schema private by default: no introspection, no _service SDL, no Sandbox page, no CORS", async () => {
    const introspection = await graphqlRequest(service.url, `{ __schema { types { name } } }`);
    expect(introspection.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    const sdl = await graphqlRequest(service.url, `{ _service { sdl } }`);
    expect(sdl.errors?.[0]).toMatchObject({ extensions: { code: "GRAPHQL_VALIDATION_FAILED" } });
    expect(JSON.stringify(sdl)).not.toMatch(/whoami/);
    const page = await fetch(service.url, { headers: { accept: "text/html" } });
    expect(await page.text()).not.toMatch(/sandbox|apollographql/i);
    const preflight = await fetch(service.url, {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("serves /health, and /ready that fails while a dependency is down", async () => {
    const base = service.url.replace("/graphql", "");
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect((await fetch(`${base}/ready`)).status).toBe(200);
    healthy = false;
    const down = await fetch(`${base}/ready`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ ready: false, checks: { fake: false } });
    healthy = true;
  });

  it("delivers subscriptions over graphql-ws to the authenticated caller", async () => {
    const token = await tokens.issue({ userId: "u2", email: "u2@x.io" });
    const sub = leftovers.add(openSubscription(service.wsUrl, "subscription { pinged }", {}, token));
    const first = sub.next();
    await waitForListener("ping:u2");
    await hub.publish("ping:u2", { text: "hello" });
    expect((await first).value).toEqual({ data: { pinged: "hello" } });
  });

  it("reads the WebSocket token from connectionParams.Authorization in any case", async () => {
    const token = await tokens.issue({ userId: "u3", email: "u3@x.io" });
    const client = leftovers.add(
      createClient({
        url: service.wsUrl,
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        connectionParams: { AUTHORIZATION: `Bearer ${token}` },
      }),
    );
    const sub = client.iterate({ query: "subscription { pinged }" });
    leftovers.defer("the subscription", () => sub.return?.());
    const first = sub.next();
    await waitForListener("ping:u3");
    await hub.publish("ping:u3", { text: "hi u3" });
    expect((await first).value).toEqual({ data: { pinged: "hi u3" } });
  });

  it("masks an internal error raised by a subscription's stream", async () => {
    const sub = leftovers.add(openSubscription(service.wsUrl, "subscription { broken }"));
    const failure = await sub.next().then(
      () => undefined,
      (errors: unknown) => errors,
    );
    expect(failure).toEqual([{ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } }]);
  });

  it("refuses an invalid WebSocket operation with GRAPHQL_VALIDATION_FAILED", async () => {
    const sub = leftovers.add(openSubscription(service.wsUrl, "subscription { nope }"));
    const failure = (await sub.next().then(
      () => undefined,
      (errors: unknown) => errors,
    )) as Array<{ extensions: { code: string } }>;
    expect(failure.map((e) => e.extensions.code)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
  });

  it("closes a WebSocket with a bad token with 4401", async () => {
    const sub = leftovers.add(openSubscription(service.wsUrl, "subscription { pinged }", {}, "garbage"));
    await expect(nextValue(sub, 5000)).rejects.toBeTruthy();
    expect(await sub.closed).toBe(4401);
  });
});

describe("stopping a subgraph", () => {
  it("closes WebSocket clients with 1001 and lets an in-flight HTTP request finish", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const inFlight = new Promise<void>((resolve) => (started = resolve));
    const stoppable = leftovers.add(
      await startGraphQLService({
        name: "stoppable",
        host: "127.0.0.1",
        port: 0,
        typeDefs: parse(`type Query { slow: String } type Subscription { pinged: String! }`),
        resolvers: {
          Query: {
            slow: async () => {
              started();
              await gate;
              return "finished";
            },
          },
          Subscription: { pinged: { subscribe: () => listenOn("ping:stoppable") } },
        },
        tokens,
        logger: createLogger("stoppable", "silent"),
        buildContext: (base) => base,
        healthChecks: {},
      }),
    );
    const sub = leftovers.add(openSubscription(stoppable.wsUrl, "subscription { pinged }"));
    const ended = sub.next();
    await waitForListener("ping:stoppable");
    const slow = graphqlRequest(stoppable.url, "{ slow }");
    await withTimeout(inFlight, 5000, "the slow request to start");

    const stopped = stoppable.stop();
    expect(await withTimeout(sub.closed, 5000, "the WebSocket to close")).toBe(1001);
    await ended.catch(() => undefined);
    release();
    expect((await slow).data).toEqual({ slow: "finished" });
    await withTimeout(stopped, 10_000, "stop()");
    await expect(fetch(stoppable.url.replace("/graphql", "/health"))).rejects.toThrow();
    // The closed socket's subscription returned its hub listener (every earlier test disposed its own).
    await withTimeout(
      until(() => hub.stats().listeners === 0),
      5000,
      "hub listeners to be released",
    );
    expect(hub.stats()).toEqual({ channels: 0, listeners: 0 });
  });
});

async function until(condition: () => boolean) {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

/** Resolves once a subscription resolver has started listening on `channel` (listen() is synchronous here). */
const listeners = new Map<string, { listening: Promise<void>; notify(): void }>();
function listenerSlot(channel: string) {
  let slot = listeners.get(channel);
  if (!slot) {
    let notify!: () => void;
    const listening = new Promise<void>((resolve) => (notify = resolve));
    slot = { listening, notify };
    listeners.set(channel, slot);
  }
  return slot;
}

function listenOn(channel: string) {
  const events = hub.listen(channel);
  listenerSlot(channel).notify();
  return events;
}

function waitForListener(channel: string) {
  return withTimeout(listenerSlot(channel).listening, 5000, `a listener on ${channel}`);
}
