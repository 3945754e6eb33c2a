// Query plans pinned as Apollo pins its own (`query-planner-js/src/__tests__/buildPlan.subscription.test.ts`): the
// whole plan in `prettyFormatQueryPlan`'s text, so a reviewer reads the actual plan and an Apollo upgrade that
// changes one shows up here. The gateway's debug log prints plans in the same text, for queries and subscriptions.
import type { QueryPlan } from "@apollo/query-planner";
import { prettyFormatQueryPlan, QueryPlanner } from "@apollo/query-planner";
import { operationFromDocument, Supergraph } from "@apollo/federation-internals";
import { parse } from "graphql";
import { createClient } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createLogger } from "@tickergraph/telemetry";
import { graphqlRequest } from "@tickergraph/testing";
import { SubscriptionPlanner } from "../src/subscriptions/planner.js";
import { until } from "@tickergraph/testing";
import { composeFixtureSupergraph } from "./fixtures/ticker-subgraphs.js";
import type { TransportGateway } from "./fixtures/transport-gateway.js";
import { startTransportGateway } from "./fixtures/transport-gateway.js";

const supergraphSdl = composeFixtureSupergraph();
const subscriptionPlan = (query: string) =>
  prettyFormatQueryPlan(new SubscriptionPlanner(supergraphSdl).plan(parse(query), undefined, query).queryPlan);

/** What the gateway's HTTP path plans for a query or mutation (Apollo's QueryPlanner over the same supergraph). */
function operationPlan(query: string): string {
  const supergraph = Supergraph.build(supergraphSdl);
  const operation = operationFromDocument(supergraph.apiSchema(), parse(query), { validate: true });
  return prettyFormatQueryPlan(new QueryPlanner(supergraph).buildQueryPlan(operation));
}

describe("subscription plans", () => {
  it("fetches the root field from its subgraph and another subgraph's field per event in `rest`", () => {
    expect(subscriptionPlan(`subscription { ticked(symbol: "A") { id price trend } }`)).toMatchInlineSnapshot(`
      "QueryPlan {
        Subscription {
          Primary: {
            Fetch(service: "ticker") {
              {
                ticked(symbol: "A") {
                  __typename
                  id
                  price
                }
              }
            }
          },
          Rest: {
            Sequence {
              Flatten(path: "ticked") {
                Fetch(service: "insight") {
                  {
                    ... on Tick {
                      __typename
                      id
                    }
                  } =>
                  {
                    ... on Tick {
                      trend
                    }
                  }
                },
              },
            }
          }
        },
      }"
    `);
  });

  it("has no `rest` when one subgraph owns the whole selection", () => {
    expect(subscriptionPlan(`subscription { myTicks { id symbol } }`)).toMatchInlineSnapshot(`
      "QueryPlan {
        Subscription {
          Primary: {
            Fetch(service: "ticker") {
              {
                myTicks {
                  id
                  symbol
                }
              }
            }
          },
          }
        },
      }"
    `);
  });

  it("keeps aliases, fragments and variables in the primary fetch and the entity fetch", () => {
    expect(
      subscriptionPlan(
        `subscription Live($s: String!) { t: ticked(symbol: $s) { ...Q related { trend } } } fragment Q on Tick { id p: price direction: trend }`,
      ),
    ).toMatchInlineSnapshot(`
      "QueryPlan {
        Subscription {
          Primary: {
            Fetch(service: "ticker") {
              {
                t: ticked(symbol: $s) {
                  __typename
                  id
                  p: price
                }
              }
            }
          },
          Rest: {
            Sequence {
              Flatten(path: "t") {
                Fetch(service: "insight") {
                  {
                    ... on Tick {
                      __typename
                      id
                    }
                  } =>
                  {
                    ... on Tick {
                      direction: trend
                      related {
                        trend
                      }
                    }
                  }
                },
              },
            }
          }
        },
      }"
    `);
  });
});

describe("query and mutation plans", () => {
  it("plans a mutation whose result spans two subgraphs as a fetch, then an entity fetch", () => {
    expect(
      operationPlan(`mutation { publishTick(id: "1", symbol: "A", price: 1) { id price trend } }`),
    ).toMatchInlineSnapshot(`
      "QueryPlan {
        Sequence {
          Fetch(service: "ticker") {
            {
              publishTick(id: 1, symbol: "A", price: 1) {
                __typename
                id
                price
              }
            }
          },
          Flatten(path: "publishTick") {
            Fetch(service: "insight") {
              {
                ... on Tick {
                  __typename
                  id
                }
              } =>
              {
                ... on Tick {
                  trend
                }
              }
            },
          },
        },
      }"
    `);
  });
});

describe("the gateway's debug log", () => {
  let stack: TransportGateway;
  const plans: string[] = [];
  beforeAll(async () => {
    // Its own debug logger, whatever TEST_LOG_LEVEL says: this test is about what debug level prints.
    const logger = createLogger("gateway", "debug", {
      write: (line: string) => {
        const record = JSON.parse(line) as { msg: string; queryPlan?: string };
        if (record.msg === "query plan") plans.push(record.queryPlan!);
      },
    });
    stack = await startTransportGateway({ logger });
  });
  afterAll(async () => {
    await stack.stop();
  });

  const loggedPlans = () => [...plans];

  it("prints the plan of a query over HTTP in prettyFormatQueryPlan's text", async () => {
    const query = `query Symbols { symbols }`;
    expect((await graphqlRequest(stack.url, query)).data).toEqual({ symbols: ["AAPL"] });
    expect(loggedPlans()).toContain(operationPlan(query));
  });

  it("prints a subscription's plan once, when it is first planned", async () => {
    const query = `subscription Logged { ticked(symbol: "LOG") { id trend } }`;
    const client = createClient({ url: stack.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
    const before = loggedPlans().length;
    try {
      for (let i = 0; i < 2; i++) {
        const planned = new Promise<void>((resolve, reject) => {
          const dispose = client.subscribe({ query }, { next: () => undefined, error: reject, complete: resolve });
          // Planning happens on subscribe; the gateway's stats show the upstream once it did.
          const poll = setInterval(() => {
            if (stack.gateway.subscriptions.stats().upstreamSubscriptions === 1) {
              clearInterval(poll);
              dispose();
              resolve();
            }
          }, 5);
        });
        await planned;
        await until("the upstream to close", () => stack.gateway.subscriptions.stats().upstreamSubscriptions === 0);
      }
    } finally {
      await client.dispose();
    }
    const expected: QueryPlan = new SubscriptionPlanner(supergraphSdl).plan(parse(query), undefined, query).queryPlan;
    expect(loggedPlans().slice(before)).toEqual([prettyFormatQueryPlan(expected)]);
  });
});
