// The dashboard's static serving: pages and the SPA fallback at /, the explorer at /explorer/, and never in the way
// of the API routes registered before it.
import { once } from "node:events";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveWebApp } from "../src/web-app.js";

describe("serveWebApp", () => {
  let server: http.Server;
  let base: string;
  const get = (path: string, accept = "text/html") => fetch(`${base}${path}`, { headers: { accept } });

  beforeAll(async () => {
    const dist = await mkdtemp(join(tmpdir(), "tickergraph-web-"));
    await mkdir(join(dist, "explorer"));
    await mkdir(join(dist, "assets"));
    await writeFile(join(dist, "index.html"), "<title>dashboard</title>");
    await writeFile(join(dist, "explorer", "index.html"), "<title>explorer</title>");
    await writeFile(join(dist, "assets", "app-1234.js"), "console.log(1)");
    const app = express();
    app.get("/health", (_req, res) => void res.json({ status: "ok" }));
    app.get("/graphql", (_req, res) => void res.type("text/html").send("sandbox"));
    serveWebApp(app, `${dist}/`);
    server = http.createServer(app).listen(0, "127.0.0.1");
    await once(server, "listening");
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("serves the dashboard at / and at its client-side paths", async () => {
    for (const path of ["/", "/market", "/alerts"]) {
      const response = await get(path);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe("<title>dashboard</title>");
      expect(response.headers.get("cache-control")).toBe("no-cache");
    }
  });

  it("serves the explorer at /explorer and /explorer/", async () => {
    for (const path of ["/explorer", "/explorer/"])
      expect(await (await get(path)).text()).toBe("<title>explorer</title>");
  });

  it("serves hashed assets as immutable and answers 404 for a missing one", async () => {
    const asset = await get("/assets/app-1234.js", "*/*");
    expect(asset.status).toBe(200);
    expect(asset.headers.get("cache-control")).toContain("immutable");
    expect((await get("/assets/missing.js", "*/*")).status).toBe(404);
  });

  it("leaves the API routes alone", async () => {
    expect(await (await get("/health", "application/json")).json()).toEqual({ status: "ok" });
    expect(await (await get("/graphql")).text()).toBe("sandbox");
    expect((await get("/metrics")).status).toBe(404);
    expect((await get("/graphql/stream")).status).toBe(404);
  });

  it("does not answer non-HTML requests with the page", async () => {
    expect((await get("/nope.json", "application/json")).status).toBe(404);
  });
});
