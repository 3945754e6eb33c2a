// The evaluator's bookkeeping on the in-process bus, with a store that applies the database's firing rule
// (ACTIVE → TRIGGERED once) in memory. Exactly-once against real Postgres/Kafka is in alerts.int.test.ts.
import { afterEach, describe, expect, it } from "vitest";
import { createEvent, InProcessEventBus } from "@tickergraph/events";
import { createLogger } from "@tickergraph/telemetry";
import { withTimeout } from "@tickergraph/testing";
import type { Firing } from "../src/data/alert-store.js";
import type { AlertView } from "../src/data/alert-view.js";
import type { AlertToIndex } from "../src/evaluator/alert-index.js";
import { AlertIndex } from "../src/evaluator/alert-index.js";
import type { Evaluator } from "../src/evaluator/evaluator.js";
import { startEvaluator } from "../src/evaluator/evaluator.js";

const alert = (id: string, direction: "ABOVE" | "BELOW", threshold: number): AlertToIndex => ({
  id,
  userId: "u1",
  symbol: "AAPL",
  direction,
  threshold,
});
const tick = (price: number) =>
  createEvent("market.price.ticked", {
    symbol: "AAPL",
    price,
    at: new Date().toISOString(),
    producedAt: Date.now(),
  });

/** The store as the evaluator sees it: `fire` changes only ACTIVE alerts, and tells each call's ids. */
class AlertBook {
  readonly status = new Map<string, "ACTIVE" | "TRIGGERED" | "CANCELLED">();
  readonly fireCalls: string[][] = [];
  private waiters: Array<{ id: string; resolve: () => void }> = [];
  activeRead: Promise<AlertToIndex[]> | undefined;

  constructor(private readonly alerts: AlertToIndex[]) {
    for (const a of alerts) this.status.set(a.id, "ACTIVE");
  }

  active = async (): Promise<AlertToIndex[]> =>
    this.activeRead ?? this.alerts.filter((a) => this.status.get(a.id) === "ACTIVE");

  fire = async (firings: readonly Firing[]): Promise<AlertView[]> => {
    this.fireCalls.push(firings.map((f) => `${f.id}@${f.price}`));
    const fired = firings.filter((f) => this.status.get(f.id) === "ACTIVE");
    for (const f of fired) this.status.set(f.id, "TRIGGERED");
    for (const w of this.waiters.filter((w) => firings.some((f) => f.id === w.id))) w.resolve();
    return fired.map((f) => ({
      ...this.alerts.find((a) => a.id === f.id)!,
      status: "TRIGGERED",
      createdAt: f.at,
      triggeredAt: f.at,
      triggeredPrice: f.price,
    }));
  };

  firingOf(id: string): Promise<void> {
    return new Promise((resolve) => this.waiters.push({ id, resolve }));
  }
}

describe("alert evaluator", () => {
  const logger = createLogger("alert-test", "silent");
  let evaluator: Evaluator | undefined;
  afterEach(async () => evaluator?.stop());

  const startWith = async (book: AlertBook, bus = new InProcessEventBus(logger)) => {
    const index = new AlertIndex();
    evaluator = await startEvaluator({ bus, index, alerts: book, symbols: { learn: async () => {} }, logger });
    return { bus, index };
  };

  it("fires a batch's crossed alerts in one call, each at the first tick that crossed it", async () => {
    const book = new AlertBook([alert("x", "ABOVE", 100), alert("y", "ABOVE", 200), alert("z", "BELOW", 90)]);
    const { bus, index } = await startWith(book);
    const fired = book.firingOf("x");
    // Same key, so one partition and one batch, in order.
    await bus.publish([tick(150), tick(250), tick(80)]);
    await withTimeout(fired, 5000, "x firing");
    expect(book.fireCalls).toEqual([["x@150", "y@250", "z@80"]]);
    expect(index.size).toBe(0);
  });

  it("does not fire again for a redelivered tick once its alerts left the index", async () => {
    const book = new AlertBook([alert("x", "ABOVE", 100), alert("y", "ABOVE", 200)]);
    const { bus, index } = await startWith(book);
    const crossing = tick(101);
    await bus.publish([crossing]);
    await withTimeout(book.firingOf("x"), 5000, "x firing");
    const yFired = book.firingOf("y");
    // The same envelope again (a redelivery), then a tick for y on the same partition after it.
    await bus.publish([crossing, tick(201)]);
    await withTimeout(yFired, 5000, "y firing");
    expect(book.fireCalls).toEqual([["x@101"], ["y@201"]]);
    expect(book.status.get("x")).toBe("TRIGGERED");
    expect(index.size).toBe(0);
  });

  it("drops an alert another evaluator already fired, without firing it again", async () => {
    const book = new AlertBook([alert("x", "BELOW", 50), alert("y", "BELOW", 40)]);
    const { bus, index } = await startWith(book);
    book.status.set("x", "TRIGGERED");
    await bus.publish([tick(45)]);
    await withTimeout(book.firingOf("x"), 5000, "x firing attempt");
    const yFired = book.firingOf("y");
    await bus.publish([tick(39)]);
    await withTimeout(yFired, 5000, "y firing");
    expect(book.fireCalls).toEqual([["x@45"], ["y@39"]]);
    expect(index.has("x")).toBe(false);
  });

  it("keeps an alert created during a reconciliation and drops one whose cancellation it missed", async () => {
    const book = new AlertBook([alert("old", "ABOVE", 100), alert("missed-cancel", "ABOVE", 110)]);
    const { index } = await startWith(book);
    expect(index.size).toBe(2);
    book.status.set("missed-cancel", "CANCELLED");
    let finishRead!: (rows: AlertToIndex[]) => void;
    book.activeRead = new Promise((resolve) => (finishRead = resolve));
    const reconciling = evaluator!.reconcile();
    // Created (and indexed by this instance) after the reconciliation's read began, so absent from its result.
    evaluator!.track({
      ...alert("fresh", "ABOVE", 120),
      status: "ACTIVE",
      createdAt: "",
      triggeredAt: null,
      triggeredPrice: null,
    });
    finishRead([alert("old", "ABOVE", 100)]);
    await reconciling;
    expect([...index.ids()].sort()).toEqual(["fresh", "old"]);
  });
});
