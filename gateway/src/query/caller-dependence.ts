// Whether a query's answer depends on who asks, by the same schema rule as subscriptions (see
// ../scope.ts): it selects a field marked @ownerOnly (or federation's @authenticated,
// @requiresScopes, @policy). Everything else is public.
import { Supergraph } from "@apollo/federation-internals";
import type { DocumentNode } from "graphql";
import { callerDependence, selectsCallerDependentField } from "../scope.js";

export function callerDependenceRule(supergraphSdl: string): (document: DocumentNode) => boolean {
  const apiSchema = Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
  const marks = callerDependence(supergraphSdl);
  return (document) => selectsCallerDependentField(apiSchema, document, marks);
}
