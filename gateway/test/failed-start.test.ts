// A gateway start that fails after Apollo and the subscription transports started (here: the port is taken)
// stops them before rejecting: no server, socket, watcher or timer is left, and the next start works.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { testConfig, uniqueRunId } from "@tickergraph/testing";
import { createLogger } from "@tickergraph/telemetry";
import { start } from "../src/index.js";
import { composeFixtureSupergraph } from "./fixtures/ticker-subgraphs.js";

/** Handles that keep a process alive (sockets, servers, timers), by kind. */
const liveHandles = () => process.getActiveResourcesInfo().filter((kind) => kind !== "CloseReq");

describe("a failed gateway start", () => {
  // From a file: the gateway then watches it (a live fs handle) from before it listens.
  const directory = mkdtempSync(join(tmpdir(), "gateway-failed-start-"));
  const supergraphPath = join(directory, "supergraph.graphql");
  writeFileSync(supergraphPath, composeFixtureSupergraph());
  const base = testConfig(uniqueRunId());
  const config = { ...base, gateway: { ...base.gateway, supergraphPath } };
  const options = { logger: createLogger("gateway", "silent") };
  const blocker = net.createServer();
  let takenPort: number;
  beforeAll(async () => {
    await new Promise<void>((resolve) => blocker.listen(0, config.host, resolve));
    takenPort = (blocker.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => blocker.close(() => resolve()));
    rmSync(directory, { recursive: true, force: true });
  });

  it("rejects with the port error, leaves nothing running, and a start on a free port then works", async () => {
    // A first full start and stop, so modules and lazily created globals exist before the count.
    await (await start(config, { ...options, port: 0 })).stop();
    const before = liveHandles().length;

    await expect(start(config, { ...options, port: takenPort })).rejects.toMatchObject({ code: "EADDRINUSE" });
    // Closing sockets finish on later turns of the loop: wait for the count to come back, with a deadline.
    await vi.waitFor(() => expect(liveHandles().length).toBeLessThanOrEqual(before), { timeout: 15_000, interval: 50 });

    const again = await start(config, { ...options, port: 0 });
    try {
      expect((await fetch(again.url.replace("/graphql", "/health"))).status).toBe(200);
    } finally {
      await again.stop();
    }
  });
});
