// Field resolvers of the notification subgraph's object types, including the federation entity references.
import { requireOwner } from "@tickergraph/auth";
import type { DeliveryResolvers, NotificationResolvers, UserResolvers } from "../../generated/graphql.js";

export const Notification: NotificationResolvers = {
  __resolveReference: async (reference, { identity, notificationLoader }) => {
    const notification = await notificationLoader.load(reference.id);
    if (notification) requireOwner(identity, notification.userId, "Notification");
    return notification;
  },
  read: (notification) => notification.readAt !== null,
  user: (notification) => ({ id: notification.userId }),
};

export const Delivery: DeliveryResolvers = {
  // A job still waiting for its address has none yet; the contract's field is non-null.
  recipient: (delivery) => delivery.recipient ?? "",
};

export const User: UserResolvers = {
  __resolveReference: (reference) => ({ id: reference.id }),
  notifications: (user, args, { identity, inbox }) => {
    requireOwner(identity, user.id, "notifications");
    return inbox.page(user.id, args);
  },
  unreadNotificationCount: (user, _args, { identity, inbox }) => {
    requireOwner(identity, user.id, "unreadNotificationCount");
    return inbox.unreadCount(user.id);
  },
};
