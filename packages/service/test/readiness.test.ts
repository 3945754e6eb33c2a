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
    expect(await runHealthChecks(checks)).toEqual({ ready: true, checks: { database: true, bus: true, hub: true } });
    await closeDatabaseDriver(driver);
    expect((await runHealthChecks(checks)).checks.database).toBe(false);
  });
});
