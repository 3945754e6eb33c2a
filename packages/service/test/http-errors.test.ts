// The shared Express error handler (gateway and subgraphs) on its own: JSON with a code for unreadable bodies and server faults, in
// every environment Express knows (its default handler prints a stack trace unless env is "production").
import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "@tickergraph/telemetry";
import { httpErrorHandler } from "../src/http-errors.js";

describe.each(["development", "test", "production"])("httpErrorHandler with Express env %s", (env) => {
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    const app = express();
    app.set("env", env);
    app.post("/echo", express.json({ limit: "1kb" }), (req, res) => void res.json(req.body));
    app.get("/boom", () => {
      throw new Error("secret detail at /srv/app/file.ts:12");
    });
    app.use(httpErrorHandler(createLogger("test", "silent")));
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const post = (body: string) =>
    fetch(`${url}/echo`, { method: "POST", headers: { "content-type": "application/json" }, body });
  const read = async (response: Response) => ({
    status: response.status,
    type: response.headers.get("content-type"),
    body: await response.json(),
  });

  it("answers malformed JSON with 400 BAD_REQUEST", async () => {
    expect(await read(await post(`{"a":`))).toEqual({
      status: 400,
      type: expect.stringMatching(/^application\/json/),
      body: { errors: [{ message: "The request body is not valid JSON", extensions: { code: "BAD_REQUEST" } }] },
    });
  });

  it("answers an oversized body with 413 PAYLOAD_TOO_LARGE and the limit", async () => {
    const { status, body } = await read(await post(JSON.stringify({ pad: "x".repeat(2048) })));
    expect(status).toBe(413);
    expect(body).toEqual({
      errors: [
        { message: "Request body larger than 1024 bytes", extensions: { code: "PAYLOAD_TOO_LARGE", maxBytes: 1024 } },
      ],
    });
  });

  it("masks a server fault as 500 INTERNAL_SERVER_ERROR with no detail", async () => {
    const response = await fetch(`${url}/boom`);
    const text = await response.text();
    expect(response.status).toBe(500);
    expect(JSON.parse(text)).toEqual({
      errors: [{ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } }],
    });
    expect(text).not.toMatch(/secret|\/srv\/|\.ts:\d/);
  });

  it("still serves good requests", async () => {
    expect(await read(await post(`{"a":1}`))).toMatchObject({ status: 200, body: { a: 1 } });
  });
});
