// The price generator: one tick per instrument per interval, produced to Kafka keyed by symbol. Only the holder
// of the cluster-wide lease runs it; a new holder resumes from the latest stored quotes.
import type { EventBus } from "@tickergraph/events";
import { createEvent } from "@tickergraph/events";
import type { Instrument } from "../../generated/prisma/client.js";
import type { QuoteStore } from "../data/quote-store.js";
import type { PriceTicked } from "@tickergraph/events";
import { PRICE_TICKED } from "@tickergraph/events";
import { nextPrice } from "./random-walk.js";

export class PriceGenerator {
  private prices: Map<string, number> | undefined;

  constructor(
    private readonly instruments: () => Instrument[],
    private readonly quotes: QuoteStore,
    private readonly bus: EventBus,
  ) {}

  async tick(): Promise<number> {
    const instruments = this.instruments();
    const prices = this.prices ?? (await this.resume(instruments));
    const at = new Date();
    const events = instruments.map((instrument) => {
      const price = nextPrice(prices.get(instrument.symbol) ?? instrument.basePrice, instrument.kind);
      prices.set(instrument.symbol, price);
      const payload: PriceTicked = { symbol: instrument.symbol, price, at: at.toISOString(), producedAt: at.getTime() };
      return createEvent(PRICE_TICKED, payload);
    });
    await this.bus.publish(events);
    return events.length;
  }

  /** Forget local prices when leadership is lost, so a later term resumes from the shared store. */
  reset(): void {
    this.prices = undefined;
  }

  private async resume(instruments: Instrument[]): Promise<Map<string, number>> {
    const latest = await this.quotes.latest(instruments.map((i) => i.symbol));
    this.prices = new Map(
      instruments.map((instrument, i) => [instrument.symbol, latest[i]?.price ?? instrument.basePrice]),
    );
    return this.prices;
  }
}
