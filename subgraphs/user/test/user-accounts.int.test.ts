// Accounts through the user subgraph on real Postgres, Kafka and Redis (distributed mode).
import type { UntypedJson } from "@tickergraph/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDomainTopics } from "@tickergraph/events";
import { graphqlRequest, requireInfra, testConfig, uniqueRunId } from "@tickergraph/testing";
import type { RunningUserSubgraph } from "../src/index.js";
import { start } from "../src/index.js";
import { LOGIN, ME, newRegistration, REGISTER, USER } from "./operations.js";

const available = await requireInfra(["postgres", "kafka", "redis"]);

describe.runIf(available)("user accounts (distributed)", () => {
  const config = testConfig(uniqueRunId(), { ticks: { shareValueMs: 60_000 } });
  let subgraph: RunningUserSubgraph;
  beforeAll(async () => {
    await ensureDomainTopics(config.kafka);
    subgraph = await start(config);
  });
  afterAll(async () => subgraph?.stop());

  const register = (input = newRegistration()) => graphqlRequest(subgraph.url, REGISTER, { i: input });

  it("registers a user with a normalised email and a share value in [50, 150]", async () => {
    const input = newRegistration("alice");
    const { data, errors } = await register(input);
    expect(errors).toBeUndefined();
    expect(data!.register.user.displayName).toBe(input.displayName);
    expect(data!.register.user.shareValue).toBeGreaterThanOrEqual(50);
    expect(data!.register.user.shareValue).toBeLessThanOrEqual(150);
    const me = await graphqlRequest(subgraph.url, ME, {}, data!.register.token);
    expect(me.data!.me).toMatchObject({
      id: data!.register.user.id,
      email: input.email.trim().toLowerCase(),
      snapshots: [],
    });
  });

  it("refuses a second registration of the same email, whatever its case", async () => {
    const input = newRegistration("dup");
    await register(input);
    const again = await register({ ...input, email: input.email.toUpperCase() });
    expect(again.errors?.[0]).toMatchObject({
      message: "Email is already registered",
      extensions: { code: "BAD_USER_INPUT", field: "input.email" },
    });
  });

  it.each([
    [{ password: "short" }, "input.password"],
    [{ email: "not-an-email" }, "input.email"],
    [{ displayName: "   " }, "input.displayName"],
  ])("names the field of invalid input %j", async (patch, field) => {
    const { errors } = await register({ ...newRegistration(), ...patch });
    expect(errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
  });

  it("logs in, and gives the same error for an unknown email and a wrong password", async () => {
    const input = newRegistration("login");
    const { data } = await register(input);
    const ok = await graphqlRequest(subgraph.url, LOGIN, { e: input.email, p: input.password });
    expect(ok.data!.login.user.id).toBe(data!.register.user.id);
    const wrong = await graphqlRequest(subgraph.url, LOGIN, { e: input.email, p: "wrong password" });
    const unknown = await graphqlRequest(subgraph.url, LOGIN, { e: "nobody@example.com", p: "wrong password" });
    expect(wrong.errors?.[0]).toEqual(unknown.errors?.[0]);
    expect(wrong.errors?.[0]).toMatchObject({
      message: "Invalid email or password",
      extensions: { code: "UNAUTHENTICATED" },
    });
  });

  it("throttles repeated failures, even for the right password", async () => {
    const input = newRegistration("throttled");
    await register(input);
    for (let i = 0; i < 5; i++) await graphqlRequest(subgraph.url, LOGIN, { e: input.email, p: "nope nope" });
    const locked = await graphqlRequest(subgraph.url, LOGIN, { e: input.email, p: input.password });
    expect(locked.errors?.[0]?.extensions).toMatchObject({ code: "UNAUTHENTICATED", retryAfterSeconds: 60 });
  });

  // As the gateway forwards it: the address the client connected from.
  const loginFrom = async (address: string, email: string, password: string, query = LOGIN) => {
    const response = await fetch(subgraph.url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-client-address": address },
      body: JSON.stringify({ query, variables: { e: email, p: password } }),
    });
    return (await response.json()) as {
      data?: UntypedJson;
      errors?: Array<{ message: string; extensions: Record<string, unknown> }>;
    };
  };

  it("checks at most 5 of 60 concurrent wrong passwords, and the lock holds against the right one from that address", async () => {
    const input = newRegistration("raced");
    await register(input);
    const attacker = "203.0.113.7";
    const results = await Promise.all(
      Array.from({ length: 60 }, () => loginFrom(attacker, input.email, "wrong guess")),
    );
    const codes = results.map((r) => r.errors?.[0]?.extensions.code);
    expect(codes.every((code) => code === "UNAUTHENTICATED" || code === "RATE_LIMITED")).toBe(true);
    // "Invalid email or password" is the answer of a password that was actually checked.
    const checked = results.filter((r) => r.errors?.[0]?.message === "Invalid email or password").length;
    expect(checked).toBeGreaterThanOrEqual(1);
    expect(checked).toBeLessThanOrEqual(5);
    const locked = await loginFrom(attacker, input.email, input.password);
    expect(locked.errors?.[0]?.extensions).toMatchObject({
      code: "UNAUTHENTICATED",
      retryAfterSeconds: expect.any(Number),
    });
  });

  it("does not let an attacker's address lock the owner out from theirs, nor the owner's success erase the attacker's count", async () => {
    const input = newRegistration("owner");
    await register(input);
    const [attacker, owner] = ["203.0.113.8", "198.51.100.20"];
    for (let i = 0; i < 5; i++) await loginFrom(attacker, input.email, "wrong guess");
    expect((await loginFrom(attacker, input.email, input.password)).errors?.[0]?.extensions.code).toBe(
      "UNAUTHENTICATED",
    );
    const ok = await loginFrom(owner, input.email, input.password);
    expect(ok.errors).toBeUndefined();
    expect(ok.data.login.token).toEqual(expect.any(String));
    expect((await loginFrom(attacker, input.email, input.password)).errors?.[0]?.extensions).toMatchObject({
      retryAfterSeconds: expect.any(Number),
    });
  });

  it("runs one password operation per request: 50 login aliases are refused, not hashed 50 times", async () => {
    const input = newRegistration("aliases");
    await register(input);
    const aliases = Array.from({ length: 50 }, (_, i) => `a${i}: login(email: $e, password: $p) { token }`).join(" ");
    const started = Date.now();
    const result = await loginFrom(
      "203.0.113.9",
      input.email,
      input.password,
      `mutation($e: String!, $p: String!) { ${aliases} }`,
    );
    // Mutation fields run one after another; the second is refused, and its non-null error ends the operation.
    expect(result.errors?.map((e) => [e.extensions.code, e.message])).toEqual([
      ["BAD_REQUEST", "Only one login or register per request"],
    ]);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("answers me with null without a token and UNAUTHENTICATED with a bad one", async () => {
    expect((await graphqlRequest(subgraph.url, ME)).data).toEqual({ me: null });
    const bad = await graphqlRequest(subgraph.url, ME, {}, "not.a.token");
    expect(bad.status).toBe(401);
    expect(bad.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("shows a user's public fields to anyone, but email and snapshots to the owner only", async () => {
    const owner = (await register()).data!.register;
    const other = (await register()).data!.register;
    const publicView = await graphqlRequest(subgraph.url, USER, { id: owner.user.id });
    expect(publicView.data!.user).toEqual(owner.user);
    const prying = await graphqlRequest(
      subgraph.url,
      `query($id: ID!) { user(id: $id) { id email snapshots { id } } }`,
      { id: owner.user.id },
      other.token,
    );
    expect(prying.data!.user).toBeNull();
    expect(prying.errors?.map((e) => [e.path?.join("."), e.extensions?.code])).toEqual(
      expect.arrayContaining([["user.email", "FORBIDDEN"]]),
    );
    const anonymous = await graphqlRequest(subgraph.url, `query($id: ID!) { user(id: $id) { id email } }`, {
      id: owner.user.id,
    });
    expect(anonymous.data!.user).toBeNull();
    expect(anonymous.errors?.[0]).toMatchObject({ path: ["user", "email"], extensions: { code: "UNAUTHENTICATED" } });
    const own = await graphqlRequest(
      subgraph.url,
      `query($id: ID!) { user(id: $id) { id email snapshots { id } } }`,
      { id: owner.user.id },
      owner.token,
    );
    expect(own.errors).toBeUndefined();
    expect(own.data!.user).toMatchObject({ id: owner.user.id, snapshots: [] });
  });

  it("answers an unknown user id with null and a malformed one with BAD_USER_INPUT", async () => {
    expect((await graphqlRequest(subgraph.url, USER, { id: "00000000-0000-4000-8000-000000000000" })).data).toEqual({
      user: null,
    });
    expect((await graphqlRequest(subgraph.url, USER, { id: "42" })).errors?.[0]?.extensions?.code).toBe(
      "BAD_USER_INPUT",
    );
  });

  it("rejects unknown fields and unparsable documents with their GraphQL codes", async () => {
    expect((await graphqlRequest(subgraph.url, "{ me { salary } }")).errors?.[0]?.extensions?.code).toBe(
      "GRAPHQL_VALIDATION_FAILED",
    );
    expect((await graphqlRequest(subgraph.url, "{ me { ")).errors?.[0]?.extensions?.code).toBe("GRAPHQL_PARSE_FAILED");
  });
});
