// Symbols an alert may watch. The alert subgraph cannot read the market's database, so it keeps its own list:
// seeded by migration with the launch catalogue, and extended by every symbol seen on the price stream.
import { BadUserInputError } from "@tickergraph/errors";
import type { PrismaClient } from "../../generated/prisma/client.js";

export class KnownSymbols {
  private symbols = new Set<string>();

  constructor(private readonly prisma: PrismaClient) {}

  async load(): Promise<void> {
    this.symbols = new Set((await this.prisma.knownSymbol.findMany()).map((s) => s.symbol));
  }

  async learn(symbols: Iterable<string>): Promise<void> {
    const fresh = [...new Set(symbols)].filter((s) => !this.symbols.has(s));
    if (fresh.length === 0) return;
    await this.prisma.knownSymbol.createMany({ data: fresh.map((symbol) => ({ symbol })), skipDuplicates: true });
    for (const symbol of fresh) this.symbols.add(symbol);
  }

  require(symbol: string, field: string): string {
    const normalized = symbol.trim().toUpperCase();
    if (!this.symbols.has(normalized)) throw new BadUserInputError(`Unknown symbol ${symbol}`, field);
    return normalized;
  }
}
