// The unread count beside "Inbox" in the navigation (User.unreadNotificationCount; the notification feed keeps it
// exact). Nothing shows at zero.
import { useQuery } from "@apollo/client/react";
import { UnreadNotificationCountDocument } from "@tickergraph/client";

export function UnreadBadge() {
  const { data } = useQuery(UnreadNotificationCountDocument);
  const unread = data?.me?.unreadNotificationCount ?? 0;
  if (unread === 0) return null;
  return (
    <span className="badge count" data-testid="unread-badge">
      {unread}
      <span className="visually-hidden"> unread</span>
    </span>
  );
}
