// Reading and marking a user's inbox. Every query is by owner: another user's notification id is not found.
import { NotFoundError } from "@tickergraph/errors";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { decodeCursor, encodeCursor, pageSize } from "./cursor.js";
import type { NotificationView } from "./views.js";
import { notificationView } from "./views.js";
import { isUuid } from "@tickergraph/contracts";

export interface InboxPage {
  edges: Array<{ cursor: string; node: NotificationView }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

export class Inbox {
  constructor(private readonly prisma: PrismaClient) {}

  /** Newest first; `after` continues from a cursor of a previous page. */
  async page(
    userId: string,
    args: { unreadOnly?: boolean | null; first?: number | null; after?: string | null },
  ): Promise<InboxPage> {
    const size = pageSize(args.first);
    const filter = { userId, ...(args.unreadOnly ? { readAt: null } : {}) };
    const position = args.after ? decodeCursor(args.after) : null;
    const [rows, totalCount] = await Promise.all([
      this.prisma.notification.findMany({
        where: position
          ? {
              ...filter,
              OR: [
                { createdAt: { lt: position.createdAt } },
                { createdAt: position.createdAt, id: { lt: position.id } },
              ],
            }
          : filter,
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: size + 1,
      }),
      this.prisma.notification.count({ where: filter }),
    ]);
    const edges = rows.slice(0, size).map((row) => {
      const node = notificationView(row);
      return { cursor: encodeCursor(node), node };
    });
    return {
      edges,
      pageInfo: { hasNextPage: rows.length > size, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount,
    };
  }

  unreadCount(userId: string): Promise<number> {
    return this.prisma.notification.count({ where: { userId, readAt: null } });
  }

  /** Idempotent: reading a read notification returns it unchanged. */
  async markRead(userId: string, id: string): Promise<NotificationView> {
    if (!isUuid(id)) throw new NotFoundError(`No notification ${id}`);
    await this.prisma.notification.updateMany({ where: { id, userId, readAt: null }, data: { readAt: new Date() } });
    const row = await this.prisma.notification.findFirst({ where: { id, userId } });
    if (!row) throw new NotFoundError(`No notification ${id}`);
    return notificationView(row);
  }

  async markAllRead(userId: string): Promise<number> {
    return (
      await this.prisma.notification.updateMany({ where: { userId, readAt: null }, data: { readAt: new Date() } })
    ).count;
  }

  async byIds(ids: readonly string[]): Promise<Array<NotificationView | null>> {
    const valid = ids.filter(isUuid);
    const rows = await this.prisma.notification.findMany({ where: { id: { in: valid } } });
    const byId = new Map(rows.map((row) => [row.id, notificationView(row)]));
    return ids.map((id) => byId.get(id) ?? null);
  }
}
