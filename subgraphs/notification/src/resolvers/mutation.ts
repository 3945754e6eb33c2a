import { requireAdmin, requireIdentity } from "@tickergraph/auth";
import { BadUserInputError } from "@tickergraph/errors";
import type { MutationResolvers } from "../../generated/graphql.js";
import type { Message } from "../messages/compose.js";
import { isUuid } from "@tickergraph/contracts";

function text(value: string, field: string, max: number): string {
  const trimmed = value.trim();
  if (trimmed.length === 0 || trimmed.length > max)
    throw new BadUserInputError(`${field.split(".").at(-1)} must be 1 to ${max} characters`, field);
  return trimmed;
}

export const Mutation: MutationResolvers = {
  markNotificationRead: (_parent, { id }, { identity, inbox }) => inbox.markRead(requireIdentity(identity).userId, id),
  markAllNotificationsRead: (_parent, _args, { identity, inbox }) =>
    inbox.markAllRead(requireIdentity(identity).userId),
  updateNotificationPreferences: (_parent, { input }, { identity, preferences }) =>
    preferences.update(requireIdentity(identity).userId, {
      // GraphQL gives undefined for an omitted field and null for an explicit null: they mean keep and remove.
      ...(input.phoneNumber !== undefined ? { phoneNumber: input.phoneNumber } : {}),
      kinds: input.kinds ?? null,
    }),
  sendNotification: async (_parent, { input }, { identity, notifier, broadcaster, logger }) => {
    const admin = requireAdmin(identity);
    const message: Message = {
      kind: "PROMOTION",
      title: text(input.title, "input.title", 200),
      body: text(input.body, "input.body", 2000),
    };
    if (input.userId !== undefined && input.userId !== null) {
      if (!isUuid(input.userId)) throw new BadUserInputError("userId must be a user id", "input.userId");
      await notifier.sendTo(input.userId, message);
      return { recipients: 1 };
    }
    const recipients = await broadcaster.send(message);
    logger.info({ by: admin.userId, recipients }, "promotion broadcast");
    return { recipients };
  },
  retryDeadDeliveries: async (_parent, { ids }, { identity, queue, notifier, logger }) => {
    const admin = requireAdmin(identity);
    const list = ids ?? null;
    list?.forEach((id, index) => {
      if (!isUuid(id)) throw new BadUserInputError("Not a delivery id", `ids.${index}`);
    });
    const requeued = await queue.retryDead(list);
    notifier.committed();
    logger.info({ by: admin.userId, requeued }, "dead deliveries requeued");
    return requeued;
  },
};
