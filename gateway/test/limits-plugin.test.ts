// The Apollo Server plugin on its own (no HTTP guard in front): it refuses once the operation is resolved, also
// when Apollo serves the validated document from its cache and only the variables changed.
import { ApolloServer } from "@apollo/server";
import { describe, expect, it } from "vitest";
import { DEFAULT_OPERATION_LIMITS, operationLimitsPlugin } from "../src/limits/index.js";

const typeDefs = `
  type Query { points(limit: Int = 10): [Point!]! }
  type Point { at: Int! }
  type Mutation { login(email: String!, password: String!): Boolean }
`;
const resolvers = {
  Query: {
    points: (_: unknown, { limit }: { limit: number }) =>
      Array.from({ length: Math.min(limit, 3) }, (_, at) => ({ at })),
  },
  Mutation: { login: () => true },
};

describe("operationLimitsPlugin", () => {
  it("refuses at didResolveOperation with a 400 and the limit named, cached document or not", async () => {
    const server = new ApolloServer({
      typeDefs,
      resolvers,
      plugins: [operationLimitsPlugin({ ...DEFAULT_OPERATION_LIMITS, maxCost: 100 })],
    });
    await server.start();
    try {
      const query = `query($n: Int) { points(limit: $n) { at } }`;
      const run = async (n: number) => {
        const response = await server.executeOperation({ query, variables: { n } });
        if (response.body.kind !== "single") throw new Error("expected a single result");
        return { status: response.http.status, ...response.body.singleResult };
      };
      expect(await run(3)).toMatchObject({ data: { points: [{ at: 0 }, { at: 1 }, { at: 2 }] } });
      // Second time the document comes from Apollo's validated-document cache: parsing and validation are skipped.
      const refused = await run(1000);
      expect(refused.status).toBe(400);
      expect(refused.data).toBeUndefined();
      expect(refused.errors?.[0]?.extensions).toMatchObject({
        code: "OPERATION_LIMIT_EXCEEDED",
        limit: "cost",
        max: 100,
        actual: 1001,
      });

      const logins = await server.executeOperation({
        query: `mutation { a: login(email: "a", password: "b") b: login(email: "a", password: "c") }`,
      });
      expect(logins.body.kind === "single" && logins.body.singleResult.errors?.[0]?.extensions).toMatchObject({
        limit: "passwordMutations",
        actual: 2,
      });
    } finally {
      await server.stop();
    }
  });
});
