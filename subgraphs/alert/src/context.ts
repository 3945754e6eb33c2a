// The alert subgraph's resolver context.
import type { BaseContext } from "@tickergraph/service";
import type { AlertServices } from "./services.js";

export interface SubgraphContext extends BaseContext, AlertServices {}
