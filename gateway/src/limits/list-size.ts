// How many items a list field is assumed to return, for the cost estimate. The rule (documented in the README):
// an explicit size argument (`first`, `last`, `limit`) or the length of a list argument (`symbols: [...]`) wins,
// the largest if several; then the schema's default for a size argument (`limit: Int = 100`); then the default.
import type { FieldNode, GraphQLField, ValueNode } from "graphql";
import { Kind } from "graphql";

export const SIZE_ARGUMENTS: ReadonlySet<string> = new Set(["first", "last", "limit"]);

export function listSize(
  field: FieldNode,
  definition: GraphQLField<unknown, unknown> | undefined,
  variables: Readonly<Record<string, unknown>>,
  defaultListSize: number,
): number {
  return explicitListSize(field, variables) ?? schemaDefaultSize(definition) ?? defaultListSize;
}

/** The size the client asked for, or undefined when it named none. */
export function explicitListSize(field: FieldNode, variables: Readonly<Record<string, unknown>>): number | undefined {
  let size: number | undefined;
  for (const argument of field.arguments ?? []) {
    const value = sizeOf(argument.value, SIZE_ARGUMENTS.has(argument.name.value), variables);
    if (value !== undefined) size = Math.max(size ?? 0, value);
  }
  return size;
}

function sizeOf(
  value: ValueNode,
  isSizeArgument: boolean,
  variables: Readonly<Record<string, unknown>>,
): number | undefined {
  if (value.kind === Kind.LIST) return value.values.length;
  if (value.kind === Kind.INT && isSizeArgument) return count(Number(value.value));
  if (value.kind === Kind.VARIABLE) {
    const given = variables[value.name.value];
    if (Array.isArray(given)) return given.length;
    if (isSizeArgument && typeof given === "number") return count(given);
  }
  return undefined;
}

function schemaDefaultSize(definition: GraphQLField<unknown, unknown> | undefined): number | undefined {
  let size: number | undefined;
  for (const argument of definition?.args ?? []) {
    if (SIZE_ARGUMENTS.has(argument.name) && typeof argument.defaultValue === "number") {
      const value = count(argument.defaultValue);
      if (value !== undefined) size = Math.max(size ?? 0, value);
    }
  }
  return size;
}

/** A usable item count, or undefined for nonsense (negative, NaN); the subgraph refuses those itself. */
function count(value: number): number | undefined {
  return Number.isFinite(value) && value >= 0 ? Math.ceil(value) : undefined;
}
