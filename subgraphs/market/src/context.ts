// The market subgraph's resolver context.
import type { BaseContext } from "@tickergraph/service";
import type { MarketServices } from "./services.js";

export interface SubgraphContext extends BaseContext, MarketServices {}
