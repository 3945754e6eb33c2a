// The "done when" for market and alerts, as a client drives it through the gateway. Shared by the
// embedded smoke test and the distributed integration test, so both modes prove the same behaviour.
import type { UntypedJson } from "@tickergraph/testing";
import { expect } from "vitest";
import { graphqlRequest, nextValue, openSubscription, withTimeout } from "@tickergraph/testing";

export async function runMarketFlow(gatewayUrl: string): Promise<void> {
  const ws = gatewayUrl.replace(/^http/, "ws");
  const gql = (query: string, variables = {}, token?: string) => graphqlRequest(gatewayUrl, query, variables, token);

  const instruments = (await gql(`{ instruments { symbol name kind } }`)).data!.instruments;
  expect(instruments.length).toBeGreaterThanOrEqual(15);

  const ticks = openSubscription(
    ws,
    `subscription { priceTick(symbols: ["AAPL"]) { symbol price updatedAt instrument { name } } }`,
  );
  const tick = (await nextValue(ticks, 20_000, "an AAPL tick")).data!.priceTick;
  expect(tick).toMatchObject({ symbol: "AAPL", instrument: { name: "Apple Inc." } });
  await ticks.dispose();

  const email = `trader.${Date.now()}.${Math.random().toString(36).slice(2)}@example.com`;
  const { token } = (
    await gql(`mutation($i: RegisterInput!) { register(input: $i) { token } }`, {
      i: { email, password: "trading password", displayName: "Trader" },
    })
  ).data!.register;

  const triggered = openSubscription(
    ws,
    `subscription { alertTriggered { id symbol threshold triggeredPrice quote { price instrument { name } } } }`,
    {},
    token,
  );
  const firstTrigger = triggered.next();
  const current = (await gql(`{ quote(symbol: "AAPL") { price } }`)).data!.quote.price as number;
  // graphql-ws does not acknowledge a subscribe, and an alert ABOVE half the price fires on the very next tick: one
  // created before the subscription reached the subgraph fires unseen. So alerts are created until one is seen
  // (each fires exactly once); every one of them must end TRIGGERED.
  const createdIds: string[] = [];
  let fired: UntypedJson;
  for (let attempt = 0; attempt < 8 && !fired; attempt++) {
    const created = await gql(
      `mutation($i: CreateAlertInput!) { createAlert(input: $i) { id status } }`,
      { i: { symbol: "AAPL", direction: "ABOVE", threshold: current / 2 } },
      token,
    );
    expect(created.errors).toBeUndefined();
    createdIds.push(created.data!.createAlert.id);
    fired = await withTimeout(firstTrigger, 3_000, "alertTriggered").then(
      (result) => result.value.data.alertTriggered,
      () => undefined,
    );
  }
  expect(fired, "an alertTriggered event within eight alerts").toBeDefined();
  const alertId = fired.id as string;
  expect(createdIds).toContain(alertId);
  expect(fired).toMatchObject({
    symbol: "AAPL",
    threshold: current / 2,
    quote: { instrument: { name: "Apple Inc." } },
  });
  expect(fired.triggeredPrice).toBeGreaterThan(current / 2);
  expect(typeof fired.quote.price).toBe("number");
  await triggered.dispose();

  const me = await gql(`{ me { alerts { id status triggeredPrice quote { symbol } } } }`, {}, token);
  const alerts = me.data!.me.alerts as Array<{ id: string; status: string; triggeredPrice: number }>;
  expect(alerts.map((a) => a.id).sort()).toEqual([...createdIds].sort());
  expect(alerts.every((a) => a.status === "TRIGGERED")).toBe(true);
  expect(alerts.find((a) => a.id === alertId)).toEqual({
    id: alertId,
    status: "TRIGGERED",
    triggeredPrice: fired.triggeredPrice,
    quote: { symbol: "AAPL" },
  });

  const bought = await gql(
    `mutation { buy(symbol: "AAPL", quantity: 2) { id symbol quantity price total at } }`,
    {},
    token,
  );
  expect(bought.errors).toBeUndefined();
  expect(bought.data!.buy).toMatchObject({ symbol: "AAPL", quantity: 2 });
  const purchases = await gql(`{ me { purchases { id } } }`, {}, token);
  expect(purchases.data!.me.purchases).toEqual([{ id: bought.data!.buy.id }]);
}
