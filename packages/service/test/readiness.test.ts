import { describe, expect, it } from "vitest";
import { InProcessEventBus } from "@tickergraph/events";
import { closeDatabaseDriver, createMemoryDriver } from "@tickergraph/db";
import { InProcessSubscriptionHub } from "@tickergraph/pubsub";
import { runHealthChecks, runtimeHealthChecks } from "../src/index.js";

describe("runHealthChecks", () => {
  it("is ready only when every check answers true, and names each result", async () => {
    const report = await runHealthChecks({ db: async () => true, bus: async () => false });
    expect(report).toEqual({ ready: false, checks: { db: true, bus: false } });
    expect(await runHealthChecks({ db: async () => true })).toEqual({ ready: true, checks: { db: true } });
  });

  it("counts a check that throws or hangs past the deadline as down", async () => {
    const report = await runHealthChecks(
      {
        throws: async () => {
          throw new Error("connection refused");
        },
        hangs: () => new Promise<boolean>(() => undefined),
        fine: async () => true,
      },
      50,
    );
    expect(report).toEqual({ ready: false, checks: { throws: false, hangs: false, fine: true } });
  });
});

describe("runtimeHealthChecks", () => {
  it("checks the database, the bus and the hub of a runtime", async () => {
    const driver = await createMemoryDriver();
    const checks = runtimeHealthChecks({ driver, bus: new InProcessEventBus(), hub: new InProcessSubscriptionHub() });
    expect(await runHealthChecks(checks)).toEqual({
      ready: true,
      checks: { database: true, bus: true, hub: true, consumers: true },
    });
    await closeDatabaseDriver(driver);
    expect((await runHealthChecks(checks)).checks.database).toBe(false);
  });

  it("is not ready while any consumer of the bus is down, and ready again once it runs", async () => {
    // A stand-in database that answers: this check is about the consumers.
    const driver = { kind: "postgres", pool: { query: async () => ({ rows: [{ ok: 1 }] }) } } as never;
    const bus = new InProcessEventBus();
    const health = [
      { group: "a", running: true, restarts: 0 },
      { group: "b", running: false, restarts: 1 },
    ];
    bus.consumerHealth = () => health as [];
    const checks = runtimeHealthChecks({ driver, bus, hub: new InProcessSubscriptionHub() });
    expect(await runHealthChecks(checks)).toMatchObject({ ready: false, checks: { consumers: false } });
    health[1]!.running = true;
    expect(await runHealthChecks(checks)).toMatchObject({ ready: true, checks: { consumers: true } });
  });
});
