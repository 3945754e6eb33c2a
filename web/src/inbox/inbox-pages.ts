// Pure merges of inbox pages as the cache holds them: the first page's query result grows by the pages fetched
// after it ("Load more") and by notifications that arrive live, and never holds one notification twice.
import type { InboxQuery, NotificationFieldsFragment } from "@tickergraph/client";

export type InboxConnection = InboxQuery["notifications"];
export type InboxEdge = InboxConnection["edges"][number];

/** The next page (fetched with `after: endCursor`) appended; its pageInfo is where paging continues. */
export function appendPage(loaded: InboxConnection, next: InboxConnection): InboxConnection {
  const seen = new Set(loaded.edges.map((edge) => edge.node.id));
  return {
    ...next,
    edges: [...loaded.edges, ...next.edges.filter((edge) => !seen.has(edge.node.id))],
  };
}

/**
 * A notification that arrived on notificationReceived, put first (the inbox is newest first). Paging continues from
 * pageInfo.endCursor, which a live arrival does not move, so its edge cursor is never sent back to the server: it is
 * a local placeholder, not a server cursor.
 */
export function prependArrival(loaded: InboxConnection, node: NotificationFieldsFragment): InboxConnection {
  if (loaded.edges.some((edge) => edge.node.id === node.id)) return loaded;
  return {
    ...loaded,
    totalCount: loaded.totalCount + 1,
    edges: [{ __typename: "NotificationEdge", cursor: `live:${node.id}`, node }, ...loaded.edges] as InboxEdge[],
  };
}
