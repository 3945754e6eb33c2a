// Consumer group `user.snapshot-writer`: persists requested snapshots, once per event id, and announces them.
import type { EventBus, EventConsumer, OutboxRelay } from "@tickergraph/events";
import { handleOnce } from "@tickergraph/events";
import type { PrismaClient } from "../../generated/prisma/client.js";
import type { UserStore } from "../data/user-store.js";
import { SNAPSHOT_REQUESTED } from "@tickergraph/events";

export const SNAPSHOT_WRITER_GROUP = "user.snapshot-writer";

export function startSnapshotWriter(deps: {
  bus: EventBus;
  prisma: PrismaClient;
  platformSchema: string;
  users: UserStore;
  relay: OutboxRelay;
}): Promise<EventConsumer> {
  return deps.bus.subscribe({
    group: SNAPSHOT_WRITER_GROUP,
    types: [SNAPSHOT_REQUESTED],
    onBatch: async (events) => {
      for (const event of events) {
        await handleOnce(deps.prisma, deps.platformSchema, SNAPSHOT_WRITER_GROUP, event.id, (tx) =>
          deps.users.storeSnapshot(tx, event.payload),
        );
      }
      deps.relay.wake();
    },
  });
}
