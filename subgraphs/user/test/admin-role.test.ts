// Roles are decided when a token is issued: emails listed in ADMIN_EMAILS get `role: ADMIN` at register and at
// login, everyone else `USER`. And user.registered carries the email, for the services that write to users.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "@tickergraph/config";
import type { EventEnvelope } from "@tickergraph/events";
import type { Runtime } from "@tickergraph/service";
import { createRuntime } from "@tickergraph/service";
import { graphqlRequest, withTimeout } from "@tickergraph/testing";
import type { RunningUserSubgraph } from "../src/index.js";
import { start } from "../src/index.js";
import type { UserRegistered } from "@tickergraph/events";
import { REGISTER } from "./operations.js";

describe("admin role and the registration event", () => {
  let dataDir: string;
  let runtime: Runtime;
  let subgraph: RunningUserSubgraph;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "tickergraph-user-roles-"));
    const config = loadConfig({
      DATA_DIR: dataDir,
      USER_PORT: "0",
      ADMIN_EMAILS: "Ops@Example.com, root@example.com",
      LOG_LEVEL: "warn",
    });
    runtime = await createRuntime(config, "user");
    subgraph = await start(config, runtime);
  });
  afterAll(async () => {
    await subgraph?.stop();
    await runtime?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("gives ADMIN to configured emails at register and login, USER to everyone else", async () => {
    const register = async (email: string) =>
      (await graphqlRequest(subgraph.url, REGISTER, { i: { email, password: "a long password", displayName: "R" } }))
        .data!.register.token as string;
    expect((await runtime.tokens.verify(await register("OPS@example.com"))).role).toBe("ADMIN");
    expect((await runtime.tokens.verify(await register("ada@example.com"))).role).toBe("USER");
    const login = await graphqlRequest(
      subgraph.url,
      `mutation { login(email: "ops@example.com", password: "a long password") { token } }`,
    );
    expect((await runtime.tokens.verify(login.data!.login.token)).role).toBe("ADMIN");
  });

  it("puts the normalized email in user.registered", async () => {
    const seen: Array<EventEnvelope<UserRegistered>> = [];
    let resolve!: () => void;
    const arrived = new Promise<void>((r) => (resolve = r));
    const consumer = await runtime.bus.subscribe({
      group: "test.registered",
      types: ["user.registered"],
      onBatch: async (events) => {
        seen.push(...events);
        if (seen.some((e) => e.payload.displayName === "Mailable")) resolve();
      },
    });
    try {
      await graphqlRequest(subgraph.url, REGISTER, {
        i: { email: " Mail@Example.COM ", password: "a long password", displayName: "Mailable" },
      });
      await withTimeout(arrived, 20_000, "user.registered");
      expect(seen.find((e) => e.payload.displayName === "Mailable")!.payload.email).toBe("mail@example.com");
    } finally {
      await consumer.stop();
    }
  });
});
