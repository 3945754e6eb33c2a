import { buildSubgraphSchema } from "@apollo/subgraph";
import { execute, parse } from "graphql";
import { describe, expect, it } from "vitest";
import { EntityBatchQueue } from "../src/query/entity-batch-queue.js";
import type { EntityResponse } from "../src/query/entity-batches.js";
import { combineEntityFetches, isEntityFetch } from "../src/query/entity-batches.js";

// Two planner-style entity fetches, each with a fragment of the same name but a different selection.
const USERS =
  "query Q__accounts__1($representations:[_Any!]!){_entities(representations:$representations){...F}} fragment F on User{__typename name}";
const PRODUCTS =
  "query Q__accounts__2($representations:[_Any!]!){_entities(representations:$representations){...F}} fragment F on Product{__typename title}";
const user = (id: string) => ({ __typename: "User", id });
const product = (upc: string) => ({ __typename: "Product", upc });

const schema = buildSubgraphSchema({
  typeDefs: parse(`
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
    type User @key(fields: "id") { id: ID! name: String }
    type Product @key(fields: "upc") { upc: String! title: String }
    type Query { ok: Boolean }`),
  resolvers: {
    User: {
      __resolveReference: (ref: { id: string }) => ref,
      name: (u: { id: string }) => {
        if (u.id === "bad") throw new Error("no name for bad");
        return `user ${u.id}`;
      },
    },
    Product: { __resolveReference: (ref: { upc: string }) => ({ ...ref, title: `product ${ref.upc}` }) },
  } as never,
});

/** What the subgraph answers for one request (as JSON, like over HTTP). */
async function answer(request: { query?: string; variables?: Record<string, unknown> }): Promise<EntityResponse> {
  const result = await execute({ schema, document: parse(request.query!), variableValues: request.variables });
  return JSON.parse(JSON.stringify(result)) as EntityResponse;
}

describe("entity fetches sent as one request", () => {
  it("recognises only planner-style entity fetches", () => {
    expect(isEntityFetch({ query: USERS, variables: { representations: [] } })).toBe(true);
    expect(isEntityFetch({ query: USERS, variables: { representations: [], other: 1 } })).toBe(false);
    expect(isEntityFetch({ query: "{ ok }", variables: { representations: [] } })).toBe(false);
    expect(isEntityFetch({ query: "not graphql", variables: { representations: [] } })).toBe(false);
  });

  it("answers each fetch exactly as it would have been answered alone, errors at its own paths", async () => {
    const requests = [
      { query: USERS, variables: { representations: [user("1"), user("bad"), user("2")] } },
      { query: PRODUCTS, variables: { representations: [product("p1")] } },
      { query: USERS, variables: { representations: [user("bad")] } },
    ];
    const alone = await Promise.all(requests.map(answer));
    const combined = combineEntityFetches(requests);
    expect(Object.keys(combined.request.variables)).toEqual([
      "representations0",
      "representations1",
      "representations2",
    ]);
    const parts = combined.split(await answer(combined.request));
    expect(parts.map((p) => p.data)).toEqual(alone.map((a) => a.data));
    const withoutLocations = (r: EntityResponse) => r.errors?.map(({ message, path }) => ({ message, path }));
    expect(parts.map(withoutLocations)).toEqual(alone.map(withoutLocations));
    expect(withoutLocations(parts[0]!)).toEqual([{ message: "no name for bad", path: ["_entities", 1, "name"] }]);
    expect(parts[1]!.errors).toBeUndefined();
  });

  it("gives an error about the whole request to every fetch in it", () => {
    const combined = combineEntityFetches([
      { query: USERS, variables: { representations: [user("1")] } },
      { query: PRODUCTS, variables: { representations: [product("p1")] } },
    ]);
    const parts = combined.split({ data: null, errors: [{ message: "subgraph down" }] });
    expect(parts).toEqual([
      { data: null, errors: [{ message: "subgraph down" }] },
      { data: null, errors: [{ message: "subgraph down" }] },
    ]);
  });
});

describe("EntityBatchQueue", () => {
  it("sends fetches issued together for one group as one request, and other groups' apart", async () => {
    const sent: { query?: string; variables?: Record<string, unknown> }[] = [];
    const queue = new EntityBatchQueue<
      { request: { query?: string; variables?: Record<string, unknown> } },
      EntityResponse
    >(async ({ request }) => {
      sent.push(request);
      await Promise.resolve();
      return answer(request);
    });
    const one = {};
    const two = {};
    const answers = await Promise.all([
      queue.add(one, { request: { query: USERS, variables: { representations: [user("1")] } } }),
      queue.add(one, { request: { query: PRODUCTS, variables: { representations: [product("p1")] } } }),
      queue.add(two, { request: { query: USERS, variables: { representations: [user("2")] } } }),
    ]);
    expect(sent).toHaveLength(2);
    expect(answers.map((a) => a.data)).toEqual([
      { _entities: [{ __typename: "User", name: "user 1" }] },
      { _entities: [{ __typename: "Product", title: "product p1" }] },
      { _entities: [{ __typename: "User", name: "user 2" }] },
    ]);
    expect(queue.counts).toEqual({ batches: 1, batchedFetches: 2 });
  });

  it("fails every fetch of a request that failed", async () => {
    const queue = new EntityBatchQueue<
      { request: { query?: string; variables?: Record<string, unknown> } },
      EntityResponse
    >(() => Promise.reject(new Error("connection refused")));
    const group = {};
    const results = await Promise.allSettled([
      queue.add(group, { request: { query: USERS, variables: { representations: [user("1")] } } }),
      queue.add(group, { request: { query: PRODUCTS, variables: { representations: [product("p1")] } } }),
    ]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
  });
});
