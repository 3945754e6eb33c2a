// saveSnapshot answers only after its request is on the bus: a publish that fails must fail the mutation.
import DataLoader from "dataloader";
import { describe, expect, it } from "vitest";
import type { EventBus, EventEnvelope } from "@tickergraph/events";
import { PUBLISH_DEADLINE_MS } from "@tickergraph/service";
import { createLogger } from "@tickergraph/telemetry";
import type { User } from "../generated/prisma/client.js";
import type { SubgraphContext } from "../src/context.js";
import { SNAPSHOT_REQUESTED } from "@tickergraph/events";
import { Mutation } from "../src/resolvers/mutation.js";

const alice: User = {
  id: "0f8fad5b-d9cb-469f-a165-70867728950e",
  email: "alice@example.com",
  passwordHash: "x",
  displayName: "Alice",
  shareValue: 123.45,
  shareValueUpdatedAt: new Date(),
  createdAt: new Date(),
};

type SaveSnapshot = (parent: unknown, args: unknown, context: SubgraphContext, info: unknown) => Promise<unknown>;
const saveSnapshot = Mutation.saveSnapshot as unknown as SaveSnapshot;

function contextWith(publish: EventBus["publish"]): SubgraphContext {
  return {
    identity: { userId: alice.id, email: alice.email },
    userLoader: new DataLoader<string, User | null>(async (ids) => ids.map((id) => (id === alice.id ? alice : null))),
    bus: { publish } as EventBus,
    logger: createLogger("save-snapshot-test", "silent"),
  } as SubgraphContext;
}

describe("saveSnapshot", () => {
  it("publishes user.snapshot.requested with the id, value and time it returns", async () => {
    const published: EventEnvelope[] = [];
    const before = Date.now();
    const result = (await saveSnapshot(
      {},
      {},
      contextWith(async (events) => void published.push(...events)),
      {},
    )) as {
      id: string;
      value: number;
      takenAt: string;
    };
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({
      type: SNAPSHOT_REQUESTED,
      key: alice.id,
      payload: { snapshotId: result.id, userId: alice.id, value: 123.45, takenAt: result.takenAt },
    });
    expect(result.value).toBe(123.45);
    expect(result.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(result.takenAt)).toBeGreaterThanOrEqual(before - 1);
  });

  it("fails with a retryable SERVICE_UNAVAILABLE when the request cannot be published", async () => {
    const broken = contextWith(async () => {
      throw new Error("broker unavailable");
    });
    await expect(saveSnapshot({}, {}, broken, {})).rejects.toMatchObject({
      message: "The event broker is unavailable; nothing was done, retry shortly",
      extensions: { code: "SERVICE_UNAVAILABLE", retryAfterSeconds: 5 },
    });
  });

  it("fails fast, not after kafkajs's retries, when the broker does not answer", async () => {
    const hanging = contextWith(() => new Promise<void>(() => undefined));
    const started = Date.now();
    await expect(saveSnapshot({}, {}, hanging, {})).rejects.toMatchObject({
      extensions: { code: "SERVICE_UNAVAILABLE" },
    });
    expect(Date.now() - started).toBeLessThan(PUBLISH_DEADLINE_MS + 2000);
  });

  it("requires a signed-in caller", async () => {
    const anonymous = { ...contextWith(async () => undefined), identity: null };
    await expect(saveSnapshot({}, {}, anonymous, {})).rejects.toMatchObject({
      extensions: { code: "UNAUTHENTICATED" },
    });
  });
});
