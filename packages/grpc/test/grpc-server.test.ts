import * as grpc from "@grpc/grpc-js";
import { afterEach, describe, expect, it } from "vitest";
import { BadUserInputError } from "@tickergraph/errors";
import { createLogger } from "@tickergraph/telemetry";
import type { RunningGrpcServer } from "../src/index.js";
import { callUnary, grpcStatus, serviceConstructor, startGrpcServer, unary } from "../src/index.js";

const PROTO = new URL("./fixture.proto", import.meta.url);
const logger = createLogger("grpc-test", "silent");
const Echo = serviceConstructor(PROTO, "tickergraph.test.v1.Echo");

interface SayRequest {
  text: string;
  times: number;
}

const started: RunningGrpcServer[] = [];
const clients: grpc.Client[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  for (const server of started.splice(0)) await server.stop();
});

async function startEcho(): Promise<grpc.Client> {
  const server = await startGrpcServer({
    host: "127.0.0.1",
    port: 0,
    logger,
    services: [
      {
        definition: Echo.service,
        implementation: {
          Say: unary<SayRequest, { text: string }>(logger, async ({ text, times }) => {
            if (times < 1) throw new BadUserInputError("times must be at least 1", "times");
            if (text === "crash") throw new Error("secret detail");
            return { text: text.repeat(times) };
          }),
        },
      },
    ],
  });
  started.push(server);
  const client = new Echo(server.address, grpc.credentials.createInsecure());
  clients.push(client);
  return client;
}

describe("startGrpcServer", () => {
  it("serves a .proto service on the given interface to a real grpc-js client", async () => {
    const client = await startEcho();
    expect(started[0]!.address).toMatch(/^127\.0\.0\.1:\d+$/);
    await expect(callUnary(client, "Say", { text: "ab", times: 3 })).resolves.toEqual({ text: "ababab" });
  });

  it("maps a typed input error to INVALID_ARGUMENT and masks internal faults as INTERNAL", async () => {
    const client = await startEcho();
    await expect(callUnary(client, "Say", { text: "x", times: 0 })).rejects.toMatchObject({
      code: grpcStatus.INVALID_ARGUMENT,
      details: "times must be at least 1",
    });
    await expect(callUnary(client, "Say", { text: "crash", times: 1 })).rejects.toMatchObject({
      code: grpcStatus.INTERNAL,
      details: "Internal server error",
    });
  });

  it("stops: the port refuses new calls afterwards, and stop() twice is harmless", async () => {
    const client = await startEcho();
    const server = started[0]!;
    await server.stop();
    await server.stop();
    await expect(callUnary(client, "Say", { text: "x", times: 1 }, 1000)).rejects.toMatchObject({
      code: expect.any(Number),
    });
  });

  it("fails fast on a service name the .proto does not define", () => {
    expect(() => serviceConstructor(PROTO, "tickergraph.test.v1.Nope")).toThrow(/defines no service/);
  });
});
