// Subgraphs are internal: the gateway plans from the committed supergraph, so nothing needs a subgraph's
// introspection, Sandbox page or federation `_service { sdl }`. Unless SUBGRAPH_PUBLIC_SCHEMA turns them on, a
// caller that reaches a subgraph port cannot read its schema (private fields and all).
import type { ValidationRule } from "graphql";
import { GraphQLError } from "graphql";

export const noServiceSdl: ValidationRule = (context) => ({
  Field(node) {
    if (node.name.value === "_service" && context.getParentType()?.name === context.getSchema().getQueryType()?.name) {
      context.reportError(
        new GraphQLError("_service is not available on this subgraph (SUBGRAPH_PUBLIC_SCHEMA is off)", {
          nodes: [node],
        }),
      );
    }
  },
});
