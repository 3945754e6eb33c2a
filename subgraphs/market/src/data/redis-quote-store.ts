// QuoteStore on Redis: a hash per symbol for the latest quote, a capped list for its last 1 000 prices.
// A batch costs two pipelined round trips: read the previous states, then write all new ones.
import type { Redis } from "ioredis";
import type { PricePointView, PriceTick, QuoteState, QuoteStore, QuoteView } from "./quote-store.js";
import { HISTORY_LENGTH, isRepeat, nextQuoteState, quoteView } from "./quote-store.js";

export class RedisQuoteStore implements QuoteStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private quoteKey(symbol: string) {
    return `${this.prefix}market:quote:${symbol}`;
  }

  private historyKey(symbol: string) {
    return `${this.prefix}market:history:${symbol}`;
  }

  async record(ticks: PriceTick[]): Promise<Array<QuoteView | null>> {
    if (ticks.length === 0) return [];
    const symbols = [...new Set(ticks.map((t) => t.symbol))];
    const states = new Map<string, QuoteState | null>();
    (await this.readStates(symbols)).forEach((state, i) => {
      states.set(symbols[i]!, state);
    });
    const write = this.redis.pipeline();
    const changed = new Set<string>();
    const views = ticks.map((tick) => {
      const previous = states.get(tick.symbol) ?? null;
      if (isRepeat(previous, tick)) return null;
      const state = nextQuoteState(previous, tick);
      states.set(tick.symbol, state);
      changed.add(tick.symbol);
      write.lpush(this.historyKey(tick.symbol), JSON.stringify({ price: tick.price, at: tick.at }));
      return quoteView(tick.symbol, state);
    });
    if (changed.size === 0) return views;
    for (const symbol of changed) {
      const state = states.get(symbol)!;
      write.hset(this.quoteKey(symbol), { price: state.price, at: state.at, day: state.day, dayOpen: state.dayOpen });
      write.ltrim(this.historyKey(symbol), 0, HISTORY_LENGTH - 1);
    }
    // A pipeline reports each command's error in its results instead of rejecting.
    for (const [error] of (await write.exec()) ?? []) if (error) throw error;
    return views;
  }

  async latest(symbols: readonly string[]): Promise<Array<QuoteView | null>> {
    const states = await this.readStates(symbols);
    return states.map((state, i) => (state ? quoteView(symbols[i]!, state) : null));
  }

  async history(symbol: string, limit: number): Promise<PricePointView[]> {
    const items = await this.redis.lrange(this.historyKey(symbol), 0, limit - 1);
    return items.map((item) => JSON.parse(item) as PricePointView);
  }

  private async readStates(symbols: readonly string[]): Promise<Array<QuoteState | null>> {
    if (symbols.length === 0) return [];
    const read = this.redis.pipeline();
    for (const symbol of symbols) read.hgetall(this.quoteKey(symbol));
    const results = (await read.exec()) ?? [];
    return results.map(([error, value]) => {
      if (error) throw error;
      const hash = value as Record<string, string>;
      if (!hash.price) return null;
      return { price: Number(hash.price), at: hash.at!, day: hash.day!, dayOpen: Number(hash.dayOpen) };
    });
  }
}
