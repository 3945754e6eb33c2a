import { describe, expect, it } from "vitest";
import type { InboxConnection } from "../src/inbox/inbox-pages.js";
import { appendPage, prependArrival } from "../src/inbox/inbox-pages.js";

const node = (id: string) => ({
  id,
  kind: "SYSTEM" as const,
  title: `title ${id}`,
  body: "",
  createdAt: "2026-12-01T00:00:00.000Z",
  readAt: null,
  read: false,
});
const page = (ids: string[], endCursor: string | null, hasNextPage: boolean, totalCount = 10): InboxConnection => ({
  edges: ids.map((id) => ({ cursor: `c${id}`, node: node(id) })),
  pageInfo: { hasNextPage, endCursor },
  totalCount,
});

describe("inbox pages", () => {
  it("appends the next page in order, continuing from its end cursor and skipping any it already holds", () => {
    const merged = appendPage(page(["5", "4", "3"], "c3", true), page(["3", "2", "1"], "c1", false));
    expect(merged.edges.map((edge) => edge.node.id)).toEqual(["5", "4", "3", "2", "1"]);
    expect(merged.pageInfo).toEqual({ hasNextPage: false, endCursor: "c1" });
  });

  it("puts a live arrival first once, counting it, without moving where paging continues", () => {
    const loaded = page(["2", "1"], "c1", true, 7);
    const withArrival = prependArrival(loaded, node("3"));
    expect(withArrival.edges.map((edge) => edge.node.id)).toEqual(["3", "2", "1"]);
    expect(withArrival.totalCount).toBe(8);
    expect(withArrival.pageInfo.endCursor).toBe("c1");
    expect(prependArrival(withArrival, node("3"))).toBe(withArrival);
  });
});
