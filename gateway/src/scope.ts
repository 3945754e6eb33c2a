// Who an operation's work is for, read from the supergraph; subscriptions key upstreams and executions on it, and the
// query path decides from it which queries may be shared between callers.
// - A root field marked with the composed directive `@userScoped` (see subgraphs/user/schema.graphql) carries
//   events that belong to one user: it needs a verified identity, and its upstream is shared per USER.
// - A field marked `@ownerOnly` (or federation's `@authenticated`, `@requiresScopes`, `@policy`) answers
//   differently depending on who asks. A selection that reaches one is resolved per user, with that user's token.
// Everything else is public: opened and resolved without credentials and shared by every client. Keying on the
// scope an operation needs — never on the raw token — is what keeps one upstream and one execution per feed.
import type { DocumentNode, GraphQLSchema } from "graphql";
import { BREAK, Kind, TypeInfo, getNamedType, isAbstractType, parse, visit, visitWithTypeInfo } from "graphql";

export const USER_SCOPED_DIRECTIVE = "userScoped";
export const OWNER_ONLY_DIRECTIVE = "ownerOnly";
/** Directives whose field's value depends on the caller: ours, and federation's access-control ones. */
const CALLER_DEPENDENT_DIRECTIVES = new Set([OWNER_ONLY_DIRECTIVE, "authenticated", "requiresScopes", "policy"]);

/** The schema elements whose value depends on who asks: `Type.field` coordinates and whole types. */
export interface CallerDependence {
  fields: ReadonlySet<string>;
  types: ReadonlySet<string>;
}

export function userScopedSubscriptionFields(supergraphSdl: string): Set<string> {
  const document = parse(supergraphSdl);
  const schemaDefinition = document.definitions.find((d) => d.kind === Kind.SCHEMA_DEFINITION);
  const subscriptionTypeName =
    schemaDefinition?.kind === Kind.SCHEMA_DEFINITION
      ? (schemaDefinition.operationTypes.find((t) => t.operation === "subscription")?.type.name.value ?? "Subscription")
      : "Subscription";
  const fields = new Set<string>();
  for (const [coordinate, directives] of fieldDirectives(document)) {
    const [typeName, fieldName] = coordinate.split(".") as [string, string];
    if (typeName === subscriptionTypeName && directives.has(USER_SCOPED_DIRECTIVE)) fields.add(fieldName);
  }
  return fields;
}

export function callerDependence(supergraphSdl: string): CallerDependence {
  const document = parse(supergraphSdl);
  const fields = new Set<string>();
  for (const [coordinate, directives] of fieldDirectives(document)) {
    if ([...directives].some((name) => CALLER_DEPENDENT_DIRECTIVES.has(name))) fields.add(coordinate);
  }
  const types = new Set<string>();
  for (const definition of document.definitions) {
    if (!isCompositeDefinition(definition)) continue;
    if (definition.directives?.some((d) => CALLER_DEPENDENT_DIRECTIVES.has(d.name.value)))
      types.add(definition.name.value);
  }
  return { fields, types };
}

/** Whether any field the document selects (through fragments too) is caller-dependent. */
export function selectsCallerDependentField(
  schema: GraphQLSchema,
  document: DocumentNode,
  marks: CallerDependence,
): boolean {
  if (marks.fields.size === 0 && marks.types.size === 0) return false;
  const typeInfo = new TypeInfo(schema);
  let found = false;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const parent = typeInfo.getParentType();
        const field = typeInfo.getFieldDef();
        if (!parent || !field) return undefined;
        // A field selected on an interface may be marked on any of its implementations.
        const owners = isAbstractType(parent)
          ? [parent.name, ...schema.getPossibleTypes(parent).map((t) => t.name)]
          : [parent.name];
        const returned = getNamedType(field.type);
        const returnedTypes = isAbstractType(returned)
          ? [returned.name, ...schema.getPossibleTypes(returned).map((t) => t.name)]
          : [returned.name];
        found =
          owners.some((owner) => marks.fields.has(`${owner}.${field.name}`) || marks.types.has(owner)) ||
          returnedTypes.some((type) => marks.types.has(type));
        return found ? BREAK : undefined;
      },
    }),
  );
  return found;
}

type CompositeDefinition = Extract<
  DocumentNode["definitions"][number],
  {
    kind:
      | Kind.OBJECT_TYPE_DEFINITION
      | Kind.OBJECT_TYPE_EXTENSION
      | Kind.INTERFACE_TYPE_DEFINITION
      | Kind.INTERFACE_TYPE_EXTENSION;
  }
>;

function isCompositeDefinition(definition: DocumentNode["definitions"][number]): definition is CompositeDefinition {
  return (
    definition.kind === Kind.OBJECT_TYPE_DEFINITION ||
    definition.kind === Kind.OBJECT_TYPE_EXTENSION ||
    definition.kind === Kind.INTERFACE_TYPE_DEFINITION ||
    definition.kind === Kind.INTERFACE_TYPE_EXTENSION
  );
}

/** `Type.field` → the names of the directives on that field definition. */
function fieldDirectives(document: DocumentNode): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const definition of document.definitions) {
    if (!isCompositeDefinition(definition)) continue;
    for (const field of definition.fields ?? []) {
      const coordinate = `${definition.name.value}.${field.name.value}`;
      const names = out.get(coordinate) ?? new Set<string>();
      for (const directive of field.directives ?? []) names.add(directive.name.value);
      out.set(coordinate, names);
    }
  }
  return out;
}
