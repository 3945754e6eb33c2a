// App-wide: the caller's new notifications (notificationReceived, open on every page). Each one goes to the top of
// the cached inbox, and the unread badge is re-read from the server (User.unreadNotificationCount) on every arrival
// and every (re)connection, so it stays exact even when events were missed while the socket was down.
import { useEffect } from "react";
import { useApolloClient, useSubscription } from "@apollo/client/react";
import { InboxDocument, NotificationReceivedDocument, UnreadNotificationCountDocument } from "@tickergraph/client";
import { wsClient } from "../shell/session.js";
import { INBOX_PAGE_SIZE } from "./inbox-query.js";
import { prependArrival } from "./inbox-pages.js";

export function useNotificationFeed(): void {
  const client = useApolloClient();
  useEffect(
    () =>
      wsClient.on("connected", () => {
        void client.refetchQueries({ include: [UnreadNotificationCountDocument] }); // errors show on the badge query
      }),
    [client],
  );
  useSubscription(NotificationReceivedDocument, {
    onData: ({ data }) => {
      const notification = data.data?.notificationReceived;
      if (!notification) return;
      for (const unreadOnly of [false, true]) {
        client.cache.updateQuery(
          { query: InboxDocument, variables: { unreadOnly, first: INBOX_PAGE_SIZE } },
          (inbox) => inbox && { ...inbox, notifications: prependArrival(inbox.notifications, notification) },
        );
      }
      void client.refetchQueries({ include: [UnreadNotificationCountDocument] }); // errors show on the badge query
    },
  });
}
