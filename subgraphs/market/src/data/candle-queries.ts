// Reading candles back for the `candles` query.
import { BadUserInputError } from "@tickergraph/errors";
import type { Candle, PrismaClient } from "../../generated/prisma/client.js";

const MAX_RANGE_MS = 7 * 24 * 3600_000;

export class CandleQueries {
  constructor(private readonly prisma: PrismaClient) {}

  async between(symbol: string, from: string, to: string): Promise<Candle[]> {
    const start = new Date(from);
    const end = new Date(to);
    if (Number.isNaN(start.getTime())) throw new BadUserInputError("from is not a valid date-time", "from");
    if (Number.isNaN(end.getTime())) throw new BadUserInputError("to is not a valid date-time", "to");
    if (end <= start) throw new BadUserInputError("to must be after from", "to");
    if (end.getTime() - start.getTime() > MAX_RANGE_MS) throw new BadUserInputError("the range may span at most 7 days", "to");
    return this.prisma.candle.findMany({ where: { symbol, start: { gte: start, lt: end } }, orderBy: { start: "asc" } });
  }
}
