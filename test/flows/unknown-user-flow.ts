// Issue 9: a validly signed token whose user does not exist (deleted, or the database reset while the secret was
// kept) must not write. Shared by the embedded smoke test and the distributed integration test.
import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { TokenService } from "@tickergraph/auth";
import { graphqlRequest, until } from "@tickergraph/testing";

const BUY = `mutation($s: ID!, $q: Float!) { buy(symbol: $s, quantity: $q) { id total } }`;
const CREATE_ALERT = `mutation($i: CreateAlertInput!) { createAlert(input: $i) { id } }`;
const ALERT_INPUT = { i: { symbol: "AAPL", direction: "ABOVE", threshold: 1_000_000 } };

export async function runUnknownUserFlow(gatewayUrl: string, jwtSecret: string): Promise<void> {
  const gql = (query: string, variables = {}, token?: string) => graphqlRequest(gatewayUrl, query, variables, token);
  const ghost = await new TokenService(jwtSecret, 3600).issue({ userId: randomUUID(), email: "ghost@example.com" });

  const email = `real.${Date.now()}.${Math.random().toString(36).slice(2)}@example.com`;
  const { token } = (
    await gql(`mutation($i: RegisterInput!) { register(input: $i) { token } }`, {
      i: { email, password: "trading password", displayName: "Real" },
    })
  ).data!.register;
  // A real user still buys (once AAPL has a price) and creates alerts.
  const bought = await until(
    "a purchase by a registered user",
    async () => {
      const result = await gql(BUY, { s: "AAPL", q: 1 }, token);
      return result.data?.buy ?? undefined;
    },
    30_000,
    200,
  );
  expect(bought.total).toBeGreaterThan(0);
  expect((await gql(CREATE_ALERT, ALERT_INPUT, token)).data!.createAlert.id).toBeTruthy();

  const buy = await gql(BUY, { s: "AAPL", q: 1 }, ghost);
  expect(buy.errors?.[0]).toMatchObject({
    message: expect.stringMatching(/Unknown user/),
    extensions: { code: "UNAUTHENTICATED" },
  });
  const alert = await gql(CREATE_ALERT, ALERT_INPUT, ghost);
  expect(alert.errors?.[0]).toMatchObject({ extensions: { code: "UNAUTHENTICATED" } });
  // Nothing was written for the ghost (reads are allowed: they show nothing).
  const rows = await gql(`{ myPurchases { id } myAlerts { id } }`, {}, ghost);
  expect(rows.data).toEqual({ myPurchases: [], myAlerts: [] });
}
