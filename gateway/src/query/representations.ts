// Entity fetches send one representation per entity in the response, duplicates included: in a nested query the
// same author or product appears many times, and @apollo/gateway asks the subgraph for each copy. This sends each
// distinct representation once and spreads the answers (and any errors at `_entities.<i>`) back over the copies,
// so the subgraph request, its response and the gateway's parsing shrink with the duplication.
import type { GraphQLFormattedError } from "graphql";

interface EntityRequest {
  variables?: Record<string, unknown>;
}

interface EntityResponse {
  data?: Record<string, unknown> | null;
  errors?: ReadonlyArray<GraphQLFormattedError>;
}

export interface Deduplicated<R> {
  request: R;
  /** Maps the subgraph's answer for the distinct representations back to one entry per original. */
  expand<T extends EntityResponse>(response: T): T;
}

/** undefined when the request has no duplicate representations (nothing to do). */
export function deduplicateRepresentations<R extends EntityRequest>(request: R): Deduplicated<R> | undefined {
  const representations = request.variables?.representations;
  if (!Array.isArray(representations) || representations.length < 2) return undefined;
  const indexByKey = new Map<string, number>();
  const distinct: unknown[] = [];
  const original = new Array<number>(representations.length);
  for (let i = 0; i < representations.length; i++) {
    const key = JSON.stringify(representations[i]);
    let index = indexByKey.get(key);
    if (index === undefined) {
      index = distinct.length;
      indexByKey.set(key, index);
      distinct.push(representations[i]);
    }
    original[i] = index;
  }
  if (distinct.length === representations.length) return undefined;
  return {
    request: { ...request, variables: { ...request.variables, representations: distinct } },
    expand(response) {
      const entities = response.data?._entities;
      const data =
        Array.isArray(entities) && entities.length === distinct.length
          ? { ...response.data, _entities: original.map((index) => entities[index]) }
          : response.data;
      const errors = response.errors?.flatMap((error) => {
        const at = error.path;
        if (at?.[0] !== "_entities" || typeof at[1] !== "number") return [error];
        const copies: GraphQLFormattedError[] = [];
        for (let i = 0; i < original.length; i++) {
          if (original[i] === at[1]) copies.push({ ...error, path: ["_entities", i, ...at.slice(2)] });
        }
        return copies;
      });
      return { ...response, ...(data !== undefined ? { data } : {}), ...(errors ? { errors } : {}) };
    },
  };
}
