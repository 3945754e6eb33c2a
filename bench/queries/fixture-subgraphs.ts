// The four subgraphs of The Guild's public federation gateway benchmark (accounts, inventory, products, reviews),
// written anew over its recorded data (shared bench-data, MIT). Each answers from a cache keyed by the raw request
// body: the data never changes, so after the first request a subgraph costs one map lookup, and the gateway under
// test, not the subgraphs, is what the bench measures.
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { execute, parse, type GraphQLSchema } from "graphql";

interface BenchData {
  users: { id: string; name: string; username: string }[];
  inventory: { upc: string; inStock: boolean }[];
  products: { upc: string; name: string; price: number; weight: number }[];
  reviews: { id: string; body: string; product: { upc: string } }[];
}

const FEDERATION = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@requires", "@shareable"])`;

function subgraphs(data: BenchData): Record<string, GraphQLSchema> {
  const user = (id: string) => data.users.find((u) => u.id === id);
  const product = (upc: string) => data.products.find((p) => p.upc === upc);
  return {
    accounts: buildSubgraphSchema({
      typeDefs: parse(`${FEDERATION}
        type Query { me: User users: [User] user(id: ID!): User }
        type User @key(fields: "id") { id: ID! name: String username: String }`),
      resolvers: {
        Query: { me: () => data.users[0], users: () => data.users, user: (_: unknown, a: { id: string }) => user(a.id) },
        User: { __resolveReference: (ref: { id: string }) => user(ref.id) },
      } as never,
    }),
    inventory: buildSubgraphSchema({
      typeDefs: parse(`${FEDERATION}
        type Product @key(fields: "upc") {
          upc: String!
          weight: Int @external
          price: Int @external
          inStock: Boolean
          shippingEstimate: Int @requires(fields: "price weight")
        }`),
      resolvers: {
        Product: {
          __resolveReference: (ref: { upc: string }) => ({ ...ref, ...data.inventory.find((i) => i.upc === ref.upc) }),
          // The recorded expected response has null here: the benchmark's inventory carries no price or weight.
          shippingEstimate: () => null,
        },
      } as never,
    }),
    products: buildSubgraphSchema({
      typeDefs: parse(`${FEDERATION}
        type Query { topProducts(first: Int = 5): [Product] }
        type Product @key(fields: "upc") { upc: String! name: String price: Int weight: Int }`),
      resolvers: {
        Query: { topProducts: (_: unknown, a: { first: number }) => data.products.slice(0, a.first) },
        Product: { __resolveReference: (ref: { upc: string }) => product(ref.upc) },
      } as never,
    }),
    reviews: buildSubgraphSchema({
      typeDefs: parse(`${FEDERATION}
        type Review @key(fields: "id") { id: ID! body: String author: User product: Product }
        type User @key(fields: "id") { id: ID! reviews: [Review] }
        type Product @key(fields: "upc") { upc: String! reviews: [Review] }`),
      resolvers: {
        // As recorded in the benchmark's expected response: every review's author is user 1, and every user
        // lists the first two reviews.
        Review: { author: () => ({ id: "1" }), product: (r: BenchData["reviews"][number]) => r.product },
        User: { reviews: () => data.reviews.slice(0, 2) },
        Product: { reviews: (p: { upc: string }) => data.reviews.filter((r) => r.product.upc === p.upc) },
      } as never,
    }),
  };
}

export const SUBGRAPH_SDL: Record<string, string> = {};

export interface RunningFixtures {
  urls: Record<string, string>;
  typeDefs: Record<string, string>;
  /** Requests each subgraph received (cache hits included): the bench divides them by client requests. */
  requests(): number;
  close(): Promise<void>;
}

export async function startFixtureSubgraphs(dataPath: string, host = "127.0.0.1"): Promise<RunningFixtures> {
  const data = JSON.parse(readFileSync(dataPath, "utf8")) as BenchData;
  const schemas = subgraphs(data);
  const servers: http.Server[] = [];
  const urls: Record<string, string> = {};
  const typeDefs: Record<string, string> = {};
  let requests = 0;
  for (const [name, schema] of Object.entries(schemas)) {
    const cache = new Map<string, Promise<string>>();
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        requests++;
        const body = Buffer.concat(chunks).toString("utf8");
        let answer = cache.get(body);
        if (answer === undefined) {
          answer = answerOnce(schema, body);
          cache.set(body, answer);
        }
        void answer.then((json) => res.writeHead(200, { "content-type": "application/json" }).end(json));
      });
    });
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(0, host, resolve));
    servers.push(server);
    urls[name] = `http://${host}:${(server.address() as AddressInfo).port}/graphql`;
    typeDefs[name] = sdlOf(schema);
  }
  return {
    urls,
    typeDefs,
    requests: () => requests,
    close: () => Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r())))).then(() => undefined),
  };
}

async function answerOnce(schema: GraphQLSchema, body: string): Promise<string> {
  const { query, variables, operationName } = JSON.parse(body) as {
    query: string;
    variables?: Record<string, unknown>;
    operationName?: string;
  };
  const result = await execute({ schema, document: parse(query), variableValues: variables, operationName });
  return JSON.stringify(result);
}

function sdlOf(schema: GraphQLSchema): string {
  const result = execute({ schema, document: parse("{ _service { sdl } }") }) as { data?: { _service: { sdl: string } } };
  return result.data!._service.sdl;
}
