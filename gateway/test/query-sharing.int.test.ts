// In-flight sharing on the real stack: who may share is decided by the schema's marks, never by the token.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphqlRequest, requireInfra, testConfig, uniqueRunId } from "@tickergraph/testing";
import { startStack } from "./stack.js";

const available = await requireInfra(["postgres", "kafka", "redis"]);

describe.runIf(available)("gateway query sharing", () => {
  const config = testConfig(uniqueRunId(), { ticks: { shareValueMs: 60_000 } });
  let stack: Awaited<ReturnType<typeof startStack>>;
  beforeAll(async () => {
    stack = await startStack(config);
  });
  afterAll(async () => stack?.stop());

  const gql = (query: string, variables = {}, token?: string) =>
    graphqlRequest(stack.gateway.url, query, variables, token);
  const register = async (name: string) =>
    (
      await gql(`mutation($i: RegisterInput!) { register(input: $i) { token user { id } } }`, {
        i: { email: `${name}.${uniqueRunId()}@example.com`, password: "long enough password", displayName: name },
      })
    ).data!.register as { token: string; user: { id: string } };

  it("never shares a caller-dependent query between users, even when they arrive together", async () => {
    const [alice, bob] = await Promise.all([register("Alice"), register("Bob")]);
    const query = "{ me { id displayName email } }";
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        gql(query, {}, i % 3 === 0 ? alice.token : i % 3 === 1 ? bob.token : undefined),
      ),
    );
    answers.forEach((answer, i) => {
      const expected = i % 3 === 0 ? alice.user.id : i % 3 === 1 ? bob.user.id : null;
      expect(answer.data!.me?.id ?? null).toBe(expected);
    });
  });

  it("answers each caller when a field needs credentials but the schema does not mark it", async () => {
    const [alice, bob] = await Promise.all([register("Carol"), register("Dave")]);
    const query = "query($id: ID!) { user(id: $id) { id unmarkedSecret } }";
    const [asAlice, asBob, anonymous] = await Promise.all([
      gql(query, { id: alice.user.id }, alice.token),
      gql(query, { id: alice.user.id }, bob.token),
      gql(query, { id: alice.user.id }),
    ]);
    expect(asAlice.data!.user.unmarkedSecret).toBe(`secret-of-${alice.user.id}`);
    expect(asBob.data!.user.unmarkedSecret).toBe(`secret-of-${bob.user.id}`);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("never shares mutations", async () => {
    const alice = await register("Erin");
    const saved = await Promise.all(
      Array.from({ length: 3 }, () => gql("mutation { saveSnapshot { id } }", {}, alice.token)),
    );
    expect(new Set(saved.map((s) => s.data!.saveSnapshot.id)).size).toBe(3);
  });
});
