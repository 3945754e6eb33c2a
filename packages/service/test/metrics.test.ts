// The shared HTTP metrics: requests answered inside a router mounted at a route are counted under that route.
import http from "node:http";
import express from "express";
import client from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listen } from "../src/listen.js";
import { httpRequestMetrics, metricsHandler } from "../src/metrics.js";

describe("httpRequestMetrics", () => {
  const registry = new client.Registry();
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    const app = express();
    app.use(
      httpRequestMetrics({ registry, name: "probe_http_seconds", help: "probe", routes: ["/graphql", "/metrics"] }),
    );
    app.get("/metrics", metricsHandler([registry]));
    // Mounted at /graphql: Express strips the mount path from req.url before the handler answers.
    app.use("/graphql", (_req, res) => void res.json({ data: {} }));
    server = http.createServer(app);
    base = (await listen(server, 0, "127.0.0.1")).url.replace(/\/graphql$/, "");
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("labels requests answered under a mounted router with their route, and unknown paths as other", async () => {
    await fetch(`${base}/graphql`, { method: "POST" });
    await fetch(`${base}/graphql`);
    await fetch(`${base}/wp-admin.php`);
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toContain('probe_http_seconds_count{method="POST",route="/graphql",status="200"} 1');
    expect(text).toContain('probe_http_seconds_count{method="GET",route="/graphql",status="200"} 1');
    expect(text).toContain('probe_http_seconds_count{method="GET",route="other",status="404"} 1');
  });
});
