// The notification subgraph's resolver context.
import type { BaseContext } from "@tickergraph/service";
import type { NotificationServices } from "./services.js";

export interface SubgraphContext extends BaseContext, NotificationServices {}
