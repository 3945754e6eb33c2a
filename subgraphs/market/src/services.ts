// Long-lived services of the market subgraph shared by every request (loaders are per request).
import type DataLoader from "dataloader";
import type { SubscriptionHub } from "@tickergraph/pubsub";
import type { UserDirectory } from "@tickergraph/service";
import type { Instrument } from "../generated/prisma/client.js";
import type { Catalogue } from "./data/catalogue.js";
import type { PurchaseStore } from "./data/purchases.js";
import type { QuoteStore, QuoteView } from "./data/quote-store.js";
import type { CandleQueries } from "./data/candle-queries.js";

export interface MarketServices {
  /** Writes ask it whether the token's user still exists (requireExistingUser). */
  users: UserDirectory;
  catalogue: Catalogue;
  quotes: QuoteStore;
  purchases: PurchaseStore;
  candles: CandleQueries;
  hub: SubscriptionHub;
  instrumentLoader: DataLoader<string, Instrument | null>;
  quoteLoader: DataLoader<string, QuoteView | null>;
}
