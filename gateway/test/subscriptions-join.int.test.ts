// Clients joining a feed while its events flow: graphql-ws does not acknowledge a subscribe, so which event a
// client sees first depends on when its subscription reached the gateway — but from that event on it must get
// every later one, in order, with none lost, whether it joins an existing execution group or opens a new one on
// the running feed. Counts are asserted per client.
import { createClient } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { until } from "@tickergraph/testing";
import { startFixtureStack } from "./fixtures/subscription-gateway.js";

const SYMBOL = "JOIN";
const TICKS = 300;
const CLIENTS = 60;
/** Two selections: joiners of the first share one group; the second's group is opened while events flow. */
const QUERIES = [
  `subscription { ticked(symbol: "${SYMBOL}") { id price } }`,
  `subscription { ticked(symbol: "${SYMBOL}") { id price trend } }`,
];

describe("clients joining while events flow", () => {
  let stack: Awaited<ReturnType<typeof startFixtureStack>>;
  beforeAll(async () => {
    stack = await startFixtureStack();
  });
  afterAll(async () => {
    await stack.stop();
  });

  it("gives every joiner each event from its first one on, in order, none lost", async () => {
    const client = createClient({ url: stack.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
    const received: number[][] = Array.from({ length: CLIENTS }, () => []);
    const join = (i: number) =>
      client.subscribe<{ ticked: { id: string } }>(
        { query: QUERIES[i % QUERIES.length]! },
        {
          next: (result) => received[i]!.push(Number(result.data!.ticked.id)),
          // An error would end the subscription: record it as a value no tick has, so the comparison shows it.
          error: () => received[i]!.push(Number.NaN),
          complete: () => undefined,
        },
      );
    const disposers = [join(0)];
    await until("the first client's upstream", () => stack.subscriptions.stats().upstreamSubscriptions === 1);
    // The ticks flow; every five ticks another client joins (the second selection's group opens at tick 5). They
    // keep flowing until every client has seen one (a subscribe is not acknowledged: the last joiners' may arrive
    // after tick TICKS).
    let last = 0;
    while (last < TICKS || received.some((ids) => ids.length === 0)) {
      if (last > 10 * TICKS) throw new Error("some client never received an event");
      last++;
      await stack.ticker.tick({ id: String(last), symbol: SYMBOL, price: last });
      // Ticks a few milliseconds apart, as a live feed's are: the gateway reads subscribes between them.
      await new Promise((resolve) => setTimeout(resolve, 2));
      if (last % 5 === 0 && disposers.length < CLIENTS) disposers.push(join(disposers.length));
    }
    await until("every client to receive the last tick", () => received.every((ids) => ids.at(-1) === last), 30_000);
    for (const [i, ids] of received.entries()) {
      const first = ids[0]!;
      // Contiguous from the first event seen to the last tick: exactly last - first + 1 events.
      expect(ids, `client ${i}`).toEqual(Array.from({ length: last - first + 1 }, (_, k) => first + k));
    }
    // They did join while events flowed: their first events are spread over the stream.
    expect(new Set(received.map((ids) => ids[0])).size).toBeGreaterThan(CLIENTS / 2);
    expect(received.reduce((sum, ids) => sum + ids.length, 0)).toBe(
      received.reduce((sum, ids) => sum + (last - ids[0]! + 1), 0),
    );
    for (const dispose of disposers) dispose();
    await client.dispose();
    await until("the upstream to close", () => stack.subscriptions.stats().upstreamSubscriptions === 0);
  }, 60_000);
});
