// Field resolvers of the notification subgraph's object types, including the federation entity references.
import { requireOwner } from "@tickergraph/auth";
import type { NotificationResolvers, UserResolvers } from "../../generated/graphql.js";

export const Notification: NotificationResolvers = {
  __resolveReference: async (reference, { identity, notificationLoader }) => {
    const notification = await notificationLoader.load(reference.id);
    if (notification) requireOwner(identity, notification.userId, "Notification");
    return notification;
  },
  read: (notification) => notification.readAt !== null,
  user: (notification) => ({ id: notification.userId }),
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
