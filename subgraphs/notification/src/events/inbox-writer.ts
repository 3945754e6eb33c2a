// Consumer group `notification.inbox-writer`: turns other subgraphs' events into notifications, once per event id
// (the id is recorded in the same transaction as the notification and its delivery jobs, so a redelivered event
// makes no second notification and no second email). It also keeps what it needs to reach users (`recipient`).
import type { DomainEvent, EventBus, EventConsumer } from "@tickergraph/events";
import { handleOnce } from "@tickergraph/events";
import type { Logger } from "@tickergraph/telemetry";
import type { PrismaClient } from "../../generated/prisma/client.js";
import type { Tx } from "../data/tx.js";
import type { DeliveryQueue } from "../delivery/delivery-queue.js";
import type { Message } from "../messages/compose.js";
import { alertMessage, purchaseMessage, snapshotMessage, welcomeMessage } from "../messages/compose.js";
import type { Notifier } from "../notifier.js";
import { ALERT_TRIGGERED, PURCHASE_RECORDED, SNAPSHOT_SAVED, USER_REGISTERED } from "@tickergraph/events";

export const INBOX_WRITER_GROUP = "notification.inbox-writer";

const CONSUMED = [USER_REGISTERED, ALERT_TRIGGERED, SNAPSHOT_SAVED, PURCHASE_RECORDED] as const;
type Consumed = DomainEvent<(typeof CONSUMED)[number]>;

export function startInboxWriter(deps: {
  bus: EventBus;
  prisma: PrismaClient;
  platformSchema: string;
  notifier: Notifier;
  queue: DeliveryQueue;
  logger: Logger;
}): Promise<EventConsumer> {
  return deps.bus.subscribe({
    group: INBOX_WRITER_GROUP,
    types: CONSUMED,
    onBatch: async (events) => {
      let handled = 0;
      for (const event of events) {
        const ran = await handleOnce(deps.prisma, deps.platformSchema, INBOX_WRITER_GROUP, event.id, (tx) =>
          handle(tx, event, deps.notifier, deps.queue),
        );
        if (ran) handled++;
      }
      if (handled > 0) deps.notifier.committed();
      if (handled < events.length)
        deps.logger.debug({ skipped: events.length - handled }, "redelivered events skipped");
    },
  });
}

async function handle(tx: Tx, event: Consumed, notifier: Notifier, queue: DeliveryQueue): Promise<void> {
  const { userId, message } = route(event);
  if (event.type === USER_REGISTERED) {
    const user = event.payload;
    const data = { email: user.email?.toLowerCase() ?? null, displayName: user.displayName };
    await tx.recipient.upsert({ where: { userId }, create: { userId, ...data }, update: data });
    // Emails of events that came before this one were waiting for the address.
    if (data.email) await queue.contactKnown(tx, userId, data.email);
  }
  await notifier.notifyIn(tx, [userId], message);
}

function route(event: Consumed): { userId: string; message: Message } {
  switch (event.type) {
    case USER_REGISTERED: {
      const user = event.payload;
      return { userId: user.userId, message: welcomeMessage(user) };
    }
    case ALERT_TRIGGERED: {
      const alert = event.payload;
      return { userId: alert.userId, message: alertMessage(alert) };
    }
    case SNAPSHOT_SAVED: {
      const snapshot = event.payload;
      return { userId: snapshot.userId, message: snapshotMessage(snapshot) };
    }
    case PURCHASE_RECORDED: {
      const purchase = event.payload;
      return { userId: purchase.userId, message: purchaseMessage(purchase) };
    }
  }
}
