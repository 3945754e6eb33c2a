// Entity fetches of one client request that a query plan sends to the same subgraph at the same time (the branches
// of a Parallel node) go as ONE subgraph request: each fetch's `_entities` selection under its own alias, with its
// own `$representations`. The plan is unchanged (the planner's fetches, in its order); only their transport is
// shared, so the subgraph sees fewer requests and the gateway pays its per-request HTTP cost fewer times (the
// largest single cost in the query path's profile). Answers and errors are split back to each fetch by alias.
import type {
  DocumentNode,
  FragmentDefinitionNode,
  GraphQLFormattedError,
  OperationDefinitionNode,
  SelectionNode,
  VariableDefinitionNode,
} from "graphql";
import { Kind, parse, print, visit } from "graphql";

export interface EntityRequest {
  query?: string;
  operationName?: string;
  variables?: Record<string, unknown>;
}

export interface EntityResponse {
  data?: Record<string, unknown> | null;
  errors?: ReadonlyArray<GraphQLFormattedError>;
}

/** What a planner's entity fetch looks like: one `$representations` variable, one `_entities` root field. */
export function isEntityFetch(request: EntityRequest): boolean {
  return (
    typeof request.query === "string" &&
    request.variables !== undefined &&
    Object.keys(request.variables).length === 1 &&
    Array.isArray(request.variables.representations) &&
    entityOperation(request.query) !== null
  );
}

const ALIAS = (i: number) => `_entities${i}`;

/** A combined request for the fetches, and how to split its answer back into one answer per fetch. */
export function combineEntityFetches<R extends EntityRequest>(
  requests: R[],
): { request: R; split<T extends EntityResponse>(response: T): T[] } {
  const query = combinedQuery(requests.map((r) => r.query!));
  const variables: Record<string, unknown> = {};
  requests.forEach((request, i) => {
    variables[`representations${i}`] = request.variables!.representations;
  });
  return {
    request: { ...requests[0]!, query, operationName: undefined, variables },
    split<T extends EntityResponse>(response: T): T[] {
      return requests.map((_, i) => {
        const alias = ALIAS(i);
        const errors = response.errors?.flatMap((error) => {
          // An error about the whole request belongs to every fetch in it, as it would have been answered alone.
          if (!error.path || error.path.length === 0) return [error];
          return error.path[0] === alias ? [{ ...error, path: ["_entities", ...error.path.slice(1)] }] : [];
        });
        const data =
          response.data === undefined || response.data === null
            ? response.data
            : { _entities: response.data[alias] ?? null };
        const { data: _allData, errors: _allErrors, ...rest } = response;
        // The same response type with this fetch's data and errors (what representations.ts's expand does too).
        return {
          ...rest,
          ...(data !== undefined ? { data } : {}),
          ...(errors && errors.length > 0 ? { errors } : {}),
        } as unknown as T;
      });
    },
  };
}

const parsed = new Map<string, { operation: OperationDefinitionNode; fragments: FragmentDefinitionNode[] } | null>();
const combined = new Map<string, string>();
const MAX_CACHED = 2_000;

function entityOperation(query: string) {
  let found = parsed.get(query);
  if (found !== undefined) return found;
  found = null;
  try {
    const document: DocumentNode = parse(query);
    const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
    const operation = operations[0];
    if (
      operations.length === 1 &&
      operation!.operation === "query" &&
      operation!.variableDefinitions?.length === 1 &&
      operation!.variableDefinitions[0]!.variable.name.value === "representations" &&
      operation!.selectionSet.selections.length === 1 &&
      operation!.selectionSet.selections[0]!.kind === Kind.FIELD &&
      operation!.selectionSet.selections[0]!.name.value === "_entities" &&
      !operation!.selectionSet.selections[0]!.alias
    ) {
      const fragments = document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
      found = { operation: operation!, fragments };
    }
  } catch {
    found = null;
  }
  remember(parsed, query, found);
  return found;
}

/** `query($representations0: [_Any!]!, …) { _entities0: _entities(representations: $representations0) { … } … }` */
function combinedQuery(queries: string[]): string {
  const key = queries.join("\u0000");
  const cached = combined.get(key);
  if (cached !== undefined) return cached;
  const definitions: (OperationDefinitionNode | FragmentDefinitionNode)[] = [];
  const variableDefinitions: VariableDefinitionNode[] = [];
  const selections: SelectionNode[] = [];
  queries.forEach((query, i) => {
    const { operation, fragments } = entityOperation(query)!;
    // Each fetch's fragments get its index, so two fetches' same-named fragments cannot collide.
    const renamed = (name: string) => `${name}_${i}`;
    const rename = <T extends OperationDefinitionNode | FragmentDefinitionNode>(node: T): T =>
      visit(node, {
        FragmentSpread: (spread) => ({ ...spread, name: { ...spread.name, value: renamed(spread.name.value) } }),
        Variable: (variable) =>
          variable.name.value === "representations"
            ? { ...variable, name: { ...variable.name, value: `representations${i}` } }
            : undefined,
      });
    const own = rename(operation);
    variableDefinitions.push(own.variableDefinitions![0]!);
    const field = own.selectionSet.selections[0]!;
    if (field.kind !== Kind.FIELD) throw new Error("an entity fetch selects _entities");
    selections.push({ ...field, alias: { kind: Kind.NAME, value: ALIAS(i) } });
    for (const fragment of fragments) {
      const ownFragment = rename(fragment);
      definitions.push({ ...ownFragment, name: { ...ownFragment.name, value: renamed(fragment.name.value) } });
    }
  });
  const query = print({
    kind: Kind.DOCUMENT,
    definitions: [
      {
        kind: Kind.OPERATION_DEFINITION,
        operation: "query" as OperationDefinitionNode["operation"],
        variableDefinitions,
        selectionSet: { kind: Kind.SELECTION_SET, selections },
      },
      ...definitions,
    ],
  });
  remember(combined, key, query);
  return query;
}

function remember<V>(cache: Map<string, V>, key: string, value: V): void {
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
  cache.set(key, value);
}
