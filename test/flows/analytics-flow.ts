// The analytics "done when", driven through the gateway: purchases → spending exact, share-value changes →
// statistics exact per window, snapshots → snapshot statistics, recommendations from co-purchases and alerts, two
// users isolated, and redelivered events changing nothing. Shared by the embedded and distributed tests; the stack
// must run with a share ticker too slow to tick (the test publishes the share-value changes itself).
import { expect } from "vitest";
import type { DomainEvent } from "@tickergraph/events";
import { createEvent } from "@tickergraph/events";
import { graphqlRequest } from "@tickergraph/testing";

type Publish = (events: DomainEvent[]) => Promise<void>;

const SPENDING = `{ me { spending { total purchases bySymbol { symbol quantity total } updatedAt } } }`;
const STATS = `fragment S on ShareValueStats { window changes averageChange averageChangePercent volatility min max first last from to }
  { me { hour: shareStats(window: HOUR) { ...S } day: shareStats(window: DAY) { ...S } all: shareStats(window: ALL) { ...S } } }`;

/** Polls `read` until `done` holds (events are asynchronous), then returns the last value read. */
async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (!done(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    last = await read();
  }
  return last;
}

const cents = (n: number) => Math.round(n * 100) / 100;

export async function runAnalyticsFlow(gatewayUrl: string, publish: Publish): Promise<void> {
  const gql = (query: string, variables = {}, token?: string) => graphqlRequest(gatewayUrl, query, variables, token);
  const register = async (name: string) => {
    const email = `${name}.${Date.now()}.${Math.random().toString(36).slice(2)}@example.com`;
    const result = await gql(`mutation($i: RegisterInput!) { register(input: $i) { token user { id } } }`, {
      i: { email, password: "analytics password", displayName: name },
    });
    expect(result.errors).toBeUndefined();
    return { token: result.data!.register.token as string, id: result.data!.register.user.id as string };
  };
  const alice = await register("Alice");
  const bob = await register("Bob");

  // Spending: two real purchases through the market subgraph.
  const buy = async (symbol: string, quantity: number, token: string) => {
    const bought = await eventually(
      () =>
        gql(
          `mutation($s: ID!, $q: Float!) { buy(symbol: $s, quantity: $q) { total } }`,
          { s: symbol, q: quantity },
          token,
        ),
      (r) => !r.errors, // a symbol has no price until its first tick
      `a price for ${symbol}`,
    );
    return bought.data!.buy.total as number;
  };
  const aapl = await buy("AAPL", 2, alice.token);
  const msft = await buy("MSFT", 1, alice.token);
  const spent = await eventually(
    () => gql(SPENDING, {}, alice.token),
    (r) => r.data?.me?.spending.purchases === 2,
    "two purchases counted",
  );
  expect(spent.data!.me.spending).toMatchObject({
    total: cents(aapl + msft),
    purchases: 2,
    bySymbol: expect.arrayContaining([
      { symbol: "AAPL", quantity: 2, total: aapl },
      { symbol: "MSFT", quantity: 1, total: msft },
    ]),
  });
  expect(spent.data!.me.spending.bySymbol).toHaveLength(2);

  // A redelivered purchase changes nothing: the same envelope twice, then a marker purchase after it.
  const purchase = (userId: string, symbol: string, quantity: number, price: number) =>
    createEvent("market.purchase.recorded", {
      purchaseId: crypto.randomUUID(),
      userId,
      symbol,
      quantity,
      price,
      total: cents(quantity * price),
      at: new Date().toISOString(),
    });
  const googl = purchase(alice.id, "GOOGL", 3, 100.5);
  await publish([googl, googl]);
  await publish([purchase(alice.id, "GOOGL", 1, 99.25)]);
  const after = await eventually(
    () => gql(SPENDING, {}, alice.token),
    (r) => r.data?.me?.spending.purchases >= 4,
    "the marker purchase",
  );
  expect(after.data!.me.spending).toMatchObject({ total: cents(aapl + msft + 301.5 + 99.25), purchases: 4 });
  expect(after.data!.me.spending.bySymbol).toContainEqual({ symbol: "GOOGL", quantity: 4, total: 400.75 });

  // Share-value statistics: exact per window; one change two hours ago is in DAY and ALL but not in HOUR.
  const now = Date.now();
  const change = (userId: string, previousValue: number, value: number, msAgo: number) =>
    createEvent("user.share-value.changed", {
      userId,
      value,
      previousValue,
      changedAt: new Date(now - msAgo).toISOString(),
    });
  const e2 = change(alice.id, 110, 99, 120_000);
  const e3 = change(alice.id, 99, 108.9, 60_000);
  await publish([change(alice.id, 100, 110, 2 * 3600_000), e2, e3, change(bob.id, 50, 55, 60_000)]);
  // The three windows are read by separate queries, so all three must have caught up in the same answer.
  const stats = (
    await eventually(
      () => gql(STATS, {}, alice.token),
      (r) => r.data?.me?.hour.changes === 2 && r.data?.me?.day.changes === 3 && r.data?.me?.all.changes === 3,
      "three share-value changes",
    )
  ).data!.me;
  expect(stats.hour).toMatchObject({ window: "HOUR", changes: 2, min: 99, max: 108.9, first: 99, last: 108.9 });
  expect(stats.hour.averageChange).toBeCloseTo(-0.55, 9);
  expect(stats.hour.averageChangePercent).toBeCloseTo(0, 9);
  expect(stats.hour.volatility).toBeCloseTo(10, 9);
  expect(stats.hour.from).toBe(new Date(now - 120_000).toISOString());
  expect(stats.hour.to).toBe(new Date(now - 60_000).toISOString());
  for (const window of [stats.day, stats.all]) {
    expect(window).toMatchObject({
      changes: 3,
      min: 99,
      max: 110,
      first: 110,
      last: 108.9,
      from: new Date(now - 2 * 3600_000).toISOString(),
    });
    expect(window.averageChange).toBeCloseTo((10 - 11 + 9.9) / 3, 9);
    expect(window.averageChangePercent).toBeCloseTo(10 / 3, 9);
    expect(window.volatility).toBeCloseTo(Math.sqrt(100 - 100 / 9), 9);
  }
  // Redelivered changes are dropped; the marker after them is counted once.
  await publish([e2, e3, change(alice.id, 108.9, 108.9, 30_000)]);
  const redelivered = (
    await eventually(
      () => gql(STATS, {}, alice.token),
      (r) => r.data?.me?.all.changes >= 4 && r.data?.me?.hour.changes >= 3,
      "the marker change",
    )
  ).data!.me;
  expect(redelivered.all).toMatchObject({ changes: 4, last: 108.9, min: 99, max: 110 });
  expect(redelivered.hour.changes).toBe(3);

  // Snapshots: the share value does not move (no ticker), so two snapshots of the same value.
  for (let i = 0; i < 2; i++)
    expect((await gql(`mutation { saveSnapshot { id } }`, {}, alice.token)).errors).toBeUndefined();
  const snapshots = await eventually(
    () => gql(`{ me { shareValue snapshotStats { count averageChange best worst lastTakenAt } } }`, {}, alice.token),
    (r) => r.data?.me?.snapshotStats.count === 2,
    "two snapshot statistics",
  );
  const value = snapshots.data!.me.shareValue;
  expect(snapshots.data!.me.snapshotStats).toMatchObject({ count: 2, averageChange: 0, best: value, worst: value });

  // Recommendations: Bob bought AAPL and TSLA, so TSLA is recommended to Alice (who holds AAPL); Alice watches NVDA.
  await publish([purchase(bob.id, "AAPL", 1, 200), purchase(bob.id, "TSLA", 1, 250)]);
  const alert = await gql(
    `mutation { createAlert(input: { symbol: "NVDA", direction: ABOVE, threshold: 1000000 }) { id } }`,
    {},
    alice.token,
  );
  expect(alert.errors).toBeUndefined();
  const RECS = `{ me { recommendations(first: 5) { instrument { symbol } score reason } } }`;
  const recs = (
    await eventually(
      () => gql(RECS, {}, alice.token),
      (r) =>
        ["NVDA", "TSLA"].every((s) =>
          r.data?.me?.recommendations.some((x: { instrument: { symbol: string } }) => x.instrument.symbol === s),
        ),
      "NVDA and TSLA recommended",
    )
  ).data!.me.recommendations as Array<{ instrument: { symbol: string }; score: number; reason: string }>;
  expect(recs.map((r) => r.instrument.symbol).slice(0, 2)).toEqual(["NVDA", "TSLA"]);
  expect(recs.map((r) => r.instrument.symbol)).not.toEqual(expect.arrayContaining(["AAPL"]));
  for (const held of ["AAPL", "MSFT", "GOOGL"]) expect(recs.map((r) => r.instrument.symbol)).not.toContain(held);
  expect(recs[0]!.reason).toBe("You watch NVDA with 1 alert but do not own it yet.");
  expect(recs[1]!.reason).toBe("1 person who bought AAPL also bought TSLA.");
  const bobRecs = (
    await eventually(
      () => gql(RECS, {}, bob.token),
      (r) => r.data?.me?.recommendations.length > 0,
      "Bob's recommendations",
    )
  ).data!.me.recommendations as Array<{ instrument: { symbol: string }; reason: string }>;
  expect(bobRecs.map((r) => r.instrument.symbol)).toEqual(expect.arrayContaining(["MSFT", "GOOGL"]));
  expect(bobRecs.map((r) => r.instrument.symbol)).not.toContain("TSLA");
  expect(bobRecs.some((r) => r.reason.startsWith("You watch"))).toBe(false);

  // Isolation: Bob sees his own figures only, and asking for Alice's is FORBIDDEN.
  const bobs = await eventually(
    () => gql(`{ me { spending { total purchases } shareStats(window: ALL) { changes last } } }`, {}, bob.token),
    (r) => r.data?.me?.spending.purchases === 2 && r.data?.me?.shareStats.changes === 1,
    "Bob's own figures",
  );
  expect(bobs.data!.me).toEqual({ spending: { total: 450, purchases: 2 }, shareStats: { changes: 1, last: 55 } });
  for (const field of [
    "spending { total }",
    "shareStats { changes }",
    "snapshotStats { count }",
    "recommendations { reason }",
  ]) {
    const peek = await gql(`query($id: ID!) { user(id: $id) { id ${field} } }`, { id: alice.id }, bob.token);
    expect(peek.errors?.[0]?.extensions?.code, field).toBe("FORBIDDEN");
    expect(JSON.stringify(peek.data)).not.toContain("400.75");
  }
  const anonymous = await gql(`query($id: ID!) { user(id: $id) { spending { total } } }`, { id: alice.id });
  expect(anonymous.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  const tooMany = await gql(`{ me { recommendations(first: 500) { reason } } }`, {}, alice.token);
  expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "first" });
}
