// The analytics subgraph's resolver context.
import type { BaseContext } from "@tickergraph/service";
import type { AnalyticsServices } from "./services.js";

export interface SubgraphContext extends BaseContext, AnalyticsServices {}
