// The one path every notification to named users takes (consumed events, sendNotification to one user): for each user, by their
// preferences, an inbox row with its `notification.created` event, and email/SMS jobs — all in the caller's
// transaction, so a notification and its deliveries commit together. Sending happens later, in the worker: a
// delivery failure can never block or roll back the in-app notification.
import { randomUUID } from "node:crypto";
import { NotFoundError } from "@tickergraph/errors";
import type { OutboxRelay } from "@tickergraph/events";
import { createEvent, enqueueEvents } from "@tickergraph/events";
import type { PrismaClient } from "../generated/prisma/client.js";
import { channelsFor } from "./data/preference-rules.js";
import { storedPreferencesOf } from "./data/preferences.js";
import type { Tx } from "./data/tx.js";
import type { NotificationView } from "./data/views.js";
import type { DeliveryQueue, NewDelivery } from "./delivery/delivery-queue.js";
import { NOTIFICATION_CREATED } from "@tickergraph/events";
import type { Message } from "./messages/compose.js";

export interface NotifyResult {
  notifications: NotificationView[];
  deliveries: number;
}

export class Notifier {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly platformSchema: string,
    private readonly relay: OutboxRelay,
    private readonly queue: DeliveryQueue,
    private readonly wakeWorker: () => void,
  ) {}

  /** Writes with `tx`; call `committed()` after the transaction commits. */
  async notifyIn(tx: Tx, userIds: readonly string[], message: Message): Promise<NotifyResult> {
    if (userIds.length === 0) return { notifications: [], deliveries: 0 };
    const [recipients, preferences] = await Promise.all([
      tx.recipient.findMany({ where: { userId: { in: [...userIds] } }, select: { userId: true, email: true } }),
      storedPreferencesOf(tx, userIds),
    ]);
    const emails = new Map(recipients.map((r) => [r.userId, r.email]));
    const createdAt = new Date();
    const notifications: NotificationView[] = [];
    const jobs: NewDelivery[] = [];
    for (const userId of userIds) {
      const stored = preferences.get(userId) ?? null;
      const channels = channelsFor(stored, message.kind);
      let notificationId: string | null = null;
      if (channels.includes("IN_APP")) {
        notificationId = randomUUID();
        notifications.push({
          id: notificationId,
          userId,
          ...message,
          createdAt: createdAt.toISOString(),
          readAt: null,
        });
      }
      const email = emails.get(userId);
      const delivery = { notificationId, userId, subject: message.title, body: message.body };
      // An event about a user can come before their user.registered: the email then waits for the address.
      if (channels.includes("EMAIL")) jobs.push({ ...delivery, channel: "EMAIL", recipient: email ?? null });
      if (channels.includes("SMS") && stored?.phoneNumber)
        jobs.push({ ...delivery, channel: "SMS", recipient: stored.phoneNumber });
    }
    if (notifications.length > 0) {
      await tx.notification.createMany({
        data: notifications.map(({ id, userId, kind, title, body }) => ({ id, userId, kind, title, body, createdAt })),
      });
      await enqueueEvents(
        tx,
        this.platformSchema,
        notifications.map((n) => createEvent(NOTIFICATION_CREATED, n)),
      );
    }
    await this.queue.enqueueIn(tx, jobs);
    return { notifications, deliveries: jobs.length };
  }

  /** Publishes the new events and starts sending the new jobs now rather than at the next poll. */
  committed(): void {
    this.relay.wake();
    this.wakeWorker();
  }

  /** To one user known from `user.registered`; anyone else is NOT_FOUND. */
  async sendTo(userId: string, message: Message): Promise<NotifyResult> {
    const result = await this.prisma.$transaction(async (tx) => {
      const known = await tx.recipient.findUnique({ where: { userId }, select: { userId: true } });
      if (!known) throw new NotFoundError(`No user ${userId}`);
      return this.notifyIn(tx, [userId], message);
    });
    this.committed();
    return result;
  }
}
