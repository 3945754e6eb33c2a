// Opaque inbox cursors: the (createdAt, id) of the last row seen, so a page never skips or repeats a row even
// when notifications arrive between two page requests.
import { BadUserInputError } from "@tickergraph/errors";
import { isUuid } from "@tickergraph/contracts";

export interface InboxPosition {
  createdAt: Date;
  id: string;
}

export function encodeCursor(position: { createdAt: string; id: string }): string {
  return Buffer.from(`${position.createdAt}|${position.id}`, "utf8").toString("base64url");
}

/** A cursor this server did not make is BAD_USER_INPUT on `after`. */
export function decodeCursor(cursor: string, field = "after"): InboxPosition {
  const [at, id, ...rest] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const createdAt = new Date(at ?? "");
  if (rest.length > 0 || !id || !isUuid(id) || Number.isNaN(createdAt.getTime())) {
    throw new BadUserInputError("Not a cursor from this connection", field);
  }
  return { createdAt, id };
}

/** `first` between 1 and 100. */
export function pageSize(first: number | null | undefined, field = "first"): number {
  const size = first ?? 20;
  if (!Number.isInteger(size) || size < 1 || size > 100)
    throw new BadUserInputError("first must be between 1 and 100", field);
  return size;
}
