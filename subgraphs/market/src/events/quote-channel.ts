// The hub channel computed quotes are published on (the market's domain events are in @tickergraph/events).
/** Hub channel prefix for computed quotes: `market.quote.updated:<SYMBOL>`. */
export const QUOTE_UPDATED = "market.quote.updated";
