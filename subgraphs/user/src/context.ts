// The user subgraph's resolver context: identity and request id from the shared server, plus its own services.
import type { BaseContext } from "@tickergraph/service";
import type { UserServices } from "./services.js";

export interface SubgraphContext extends BaseContext, UserServices {}
