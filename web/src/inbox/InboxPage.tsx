// Inbox: the caller's notifications newest first, "Load more" pages with `after`, unread only or all, mark one or
// all read. New notifications appear at the top as they arrive (./notification-feed.ts).
import { useState } from "react";
import { useMutation, useQuery } from "@apollo/client/react";
import {
  InboxDocument,
  MarkAllNotificationsReadDocument,
  MarkNotificationReadDocument,
  UnreadNotificationCountDocument,
} from "@tickergraph/client";
import { formatDateTime } from "../shell/format.js";
import { INBOX_PAGE_SIZE } from "./inbox-query.js";
import { appendPage } from "./inbox-pages.js";

export function InboxPage() {
  const [unreadOnly, setUnreadOnly] = useState(false);
  const inbox = useQuery(InboxDocument, {
    variables: { unreadOnly, first: INBOX_PAGE_SIZE },
    fetchPolicy: "cache-and-network",
  });
  // The same cached count as the badge: unread notifications may sit on pages not loaded yet.
  const unread = useQuery(UnreadNotificationCountDocument).data?.me?.unreadNotificationCount ?? 0;
  const [loadingMore, setLoadingMore] = useState(false);
  const [markRead] = useMutation(MarkNotificationReadDocument, {
    refetchQueries: [UnreadNotificationCountDocument],
  });
  const [markAllRead, markingAll] = useMutation(MarkAllNotificationsReadDocument, {
    // Every cached page may hold notifications that are now read: re-read the pages on screen and the count.
    refetchQueries: [InboxDocument, UnreadNotificationCountDocument],
    awaitRefetchQueries: true,
  });

  const connection = inbox.data?.notifications;
  // Read in the unread-only view: marked read here, it leaves the list at once rather than on the next fetch.
  const edges = (connection?.edges ?? []).filter((edge) => !unreadOnly || !edge.node.read);

  const loadMore = async () => {
    const after = connection?.pageInfo.endCursor;
    if (!after) return;
    setLoadingMore(true);
    try {
      await inbox.fetchMore({
        variables: { after },
        updateQuery: (loaded, { fetchMoreResult }) => ({
          ...loaded,
          notifications: appendPage(loaded.notifications, fetchMoreResult.notifications),
        }),
      });
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <section className="card" aria-labelledby="inbox-heading">
      <div className="inline spread">
        <h2 id="inbox-heading">Inbox</h2>
        <div className="inline">
          <label className="radio">
            <input type="checkbox" checked={unreadOnly} onChange={(event) => setUnreadOnly(event.target.checked)} />{" "}
            Unread only
          </label>
          <button type="button" onClick={() => void markAllRead()} disabled={markingAll.loading || unread === 0}>
            Mark all read
          </button>
        </div>
      </div>
      {inbox.error && (
        <p role="alert" className="error">
          {inbox.error.message}
        </p>
      )}
      {!connection ? (
        <p className="muted">Loading…</p>
      ) : edges.length === 0 ? (
        <p className="muted">{unreadOnly ? "Nothing unread." : "No notifications yet."}</p>
      ) : (
        <>
          <p className="muted small" data-testid="inbox-total">
            {connection.totalCount} {unreadOnly ? "unread" : "in all"}
          </p>
          <ul className="list" aria-label="Notifications" data-testid="notifications">
            {edges.map(({ node }) => (
              <li key={node.id} className={node.read ? "row read" : "row unread"} data-testid="notification">
                <div>
                  <span className="status">{node.kind.replaceAll("_", " ").toLowerCase()}</span>{" "}
                  <strong>{node.title}</strong>
                  <div>{node.body}</div>
                  <span className="muted small">{formatDateTime(node.createdAt)}</span>
                </div>
                {node.read ? (
                  <span className="muted small">read</span>
                ) : (
                  <button
                    type="button"
                    onClick={() => void markRead({ variables: { id: node.id } })}
                    aria-label={`Mark "${node.title}" read`}
                  >
                    Mark read
                  </button>
                )}
              </li>
            ))}
          </ul>
          {connection.pageInfo.hasNextPage && (
            <button type="button" onClick={() => void loadMore()} disabled={loadingMore}>
              Load more
            </button>
          )}
        </>
      )}
    </section>
  );
}
