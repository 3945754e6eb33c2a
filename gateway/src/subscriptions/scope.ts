// Which subscription fields are user-scoped, read from the supergraph: a subgraph marks them with the composed
// directive `@userScoped` (see subgraphs/*/schema.graphql). Such a feed needs a verified identity and its upstream
// is shared per USER; every other feed is public, opened without credentials and shared by everyone. Keying on
// the scope a field needs — not on the raw token — is what keeps one upstream per feed.
import { Kind, parse, type ObjectTypeDefinitionNode, type ObjectTypeExtensionNode } from "graphql";

export const USER_SCOPED_DIRECTIVE = "userScoped";

export function userScopedSubscriptionFields(supergraphSdl: string): Set<string> {
  const document = parse(supergraphSdl);
  const schemaDefinition = document.definitions.find((d) => d.kind === Kind.SCHEMA_DEFINITION);
  const subscriptionTypeName =
    schemaDefinition?.kind === Kind.SCHEMA_DEFINITION
      ? (schemaDefinition.operationTypes.find((t) => t.operation === "subscription")?.type.name.value ?? "Subscription")
      : "Subscription";
  const fields = new Set<string>();
  for (const definition of document.definitions) {
    if (
      (definition.kind === Kind.OBJECT_TYPE_DEFINITION || definition.kind === Kind.OBJECT_TYPE_EXTENSION) &&
      definition.name.value === subscriptionTypeName
    ) {
      for (const field of (definition as ObjectTypeDefinitionNode | ObjectTypeExtensionNode).fields ?? []) {
        if (field.directives?.some((d) => d.name.value === USER_SCOPED_DIRECTIVE)) fields.add(field.name.value);
      }
    }
  }
  return fields;
}
