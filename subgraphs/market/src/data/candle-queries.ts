// Reading candles back for the `candles` query.
import { BadUserInputError } from "@tickergraph/errors";
import type { Candle, PrismaClient } from "../../generated/prisma/client.js";

const MAX_RANGE_MS = 7 * 24 * 3600_000;
// JavaScript dates reach year ±275760 and Postgres timestamps do not; nothing is stored outside these years.
const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export class CandleQueries {
  constructor(private readonly prisma: PrismaClient) {}

  async between(symbol: string, from: string, to: string): Promise<Candle[]> {
    const start = new Date(from);
    const end = new Date(to);
    for (const [date, field] of [
      [start, "from"],
      [end, "to"],
    ] as const) {
      const time = date.getTime();
      if (Number.isNaN(time)) throw new BadUserInputError(`${field} is not a valid date-time`, field);
      if (time < EARLIEST || time > LATEST)
        throw new BadUserInputError(`${field} must be between 1970 and 9999`, field);
    }
    if (end <= start) throw new BadUserInputError("to must be after from", "to");
    if (end.getTime() - start.getTime() > MAX_RANGE_MS)
      throw new BadUserInputError("the range may span at most 7 days", "to");
    return this.prisma.candle.findMany({
      where: { symbol, start: { gte: start, lt: end } },
      orderBy: { start: "asc" },
    });
  }
}
