// Long-lived services of the alert subgraph shared by every request.
import type DataLoader from "dataloader";
import type { SubscriptionHub } from "@tickergraph/pubsub";
import type { UserDirectory } from "@tickergraph/service";
import type { AlertStore } from "./data/alert-store.js";
import type { AlertView } from "./data/alert-view.js";
import type { KnownSymbols } from "./data/symbols.js";
import type { Evaluator } from "./evaluator/evaluator.js";

export interface AlertServices {
  /** Writes ask it whether the token's user still exists (requireExistingUser). */
  users: UserDirectory;
  alerts: AlertStore;
  symbols: KnownSymbols;
  evaluator: Evaluator;
  hub: SubscriptionHub;
  alertLoader: DataLoader<string, AlertView | null>;
}
