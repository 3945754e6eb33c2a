// The instrument catalogue: small and read on every request, so it is loaded once and served from memory.
import DataLoader from "dataloader";
import { BadUserInputError } from "@tickergraph/errors";
import type { Instrument, PrismaClient } from "../../generated/prisma/client.js";

export const MAX_SYMBOLS_PER_REQUEST = 50;

export class Catalogue {
  private bySymbol = new Map<string, Instrument>();

  constructor(private readonly prisma: PrismaClient) {}

  async load(): Promise<void> {
    const rows = await this.prisma.instrument.findMany({ orderBy: { symbol: "asc" } });
    this.bySymbol = new Map(rows.map((row) => [row.symbol, row]));
  }

  all(kind?: string | null): Instrument[] {
    const all = [...this.bySymbol.values()];
    return kind ? all.filter((i) => i.kind === kind) : all;
  }

  find(symbol: string): Instrument | null {
    return this.bySymbol.get(symbol.toUpperCase()) ?? null;
  }

  /** Upper-cases and checks symbols; unknown or too many → BAD_USER_INPUT naming the argument. */
  requireKnown(symbols: readonly string[], field: string): string[] {
    if (symbols.length === 0) throw new BadUserInputError(`${field} must name at least one symbol`, field);
    if (symbols.length > MAX_SYMBOLS_PER_REQUEST) {
      throw new BadUserInputError(`${field} may name at most ${MAX_SYMBOLS_PER_REQUEST} symbols`, field);
    }
    const normalized = symbols.map((s) => s.trim().toUpperCase());
    const unknown = normalized.filter((s) => !this.bySymbol.has(s));
    if (unknown.length > 0) throw new BadUserInputError(`Unknown symbol(s): ${unknown.join(", ")}`, field);
    return normalized;
  }

  /** Entity references batched per tick; served from memory, misses are one query. */
  createLoader(): DataLoader<string, Instrument | null> {
    return new DataLoader(async (symbols) => {
      const missing = symbols.filter((s) => !this.bySymbol.has(s));
      if (missing.length > 0) {
        for (const row of await this.prisma.instrument.findMany({ where: { symbol: { in: [...missing] } } })) {
          this.bySymbol.set(row.symbol, row);
        }
      }
      return symbols.map((s) => this.bySymbol.get(s) ?? null);
    });
  }
}
