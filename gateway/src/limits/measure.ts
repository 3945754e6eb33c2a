// Measures how much work an operation asks for, in one pass over the document: each fragment is measured once and
// reused wherever it is spread, so a document whose fragments spread each other twice costs linear time to measure
// (the numbers it reports still grow exponentially, which is what gets it refused).
import type {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  GraphQLCompositeType,
  GraphQLField,
  GraphQLSchema,
  OperationDefinitionNode,
  SelectionSetNode,
} from "graphql";
import {
  Kind,
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  isObjectType,
  isInterfaceType,
} from "graphql";
import { listSize, explicitListSize } from "./list-size.js";
import { DEFAULT_PASSWORD_MUTATIONS, passwordMutationNames } from "./password-mutations.js";

export interface OperationMeasure {
  /** Deepest chain of nested fields, fragments expanded (`{ me { id } }` is 2). */
  depth: number;
  /** Fields that carry an alias, counted once per place they end up after fragments are expanded. */
  aliases: number;
  /** Fields at the top of the operation, fragments expanded. */
  rootFields: number;
  /** Estimated fields in the response: each field counts 1, a list multiplies what is below it by its size. */
  cost: number;
  /** Root mutation fields that hash a password (login, register, …). */
  passwordMutations: number;
  /**
   * True when selections and fragment spreads nest deeper than MAX_NESTING: measuring stopped there (no sane
   * operation comes near it), and the operation must be refused.
   */
  nestingExceeded: boolean;
}

export interface MeasureOptions {
  /** Which operation of the document runs; when absent or unknown, every operation is measured (the worst wins). */
  operationName?: string | null | undefined;
  /** The API schema: tells which fields are lists and their default sizes. Without it only fields with a size argument are lists. */
  schema?: GraphQLSchema | undefined;
  /** The request's variables, for sizes passed as `$first` or `$symbols`. */
  variables?: Readonly<Record<string, unknown>> | null | undefined;
  /** Items a list field is assumed to hold when nothing says otherwise. */
  defaultListSize?: number;
  /** Mutation names that hash a password (besides those the schema reveals). */
  passwordMutations?: readonly string[];
}

export const DEFAULT_LIST_SIZE = 20;
/** Structural nesting (fields, fragment spreads, inline fragments) beyond which measuring stops; keeps the stack safe. */
export const MAX_NESTING = 1000;
/** Counts saturate here instead of overflowing to Infinity (30 doublings of a list field get there fast). */
const CAP = Number.MAX_SAFE_INTEGER;

interface Tally {
  depth: number;
  aliases: number;
  fields: number;
  cost: number;
  passwordMutations: number;
}

const EMPTY: Tally = { depth: 0, aliases: 0, fields: 0, cost: 0, passwordMutations: 0 };

const add = (a: number, b: number) => Math.min(a + b, CAP);
const multiply = (a: number, b: number) => (a === 0 || b === 0 ? 0 : Math.min(a * b, CAP));

export function measureOperation(document: DocumentNode, options: MeasureOptions = {}): OperationMeasure {
  const { schema } = options;
  const variables = options.variables ?? {};
  const defaultListSize = options.defaultListSize ?? DEFAULT_LIST_SIZE;
  const passwordNames = passwordMutationNames(schema, options.passwordMutations ?? DEFAULT_PASSWORD_MUTATIONS);
  const mutationTypeName = schema ? schema.getMutationType()?.name : "Mutation";

  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const measured = new Map<string, Tally>();
  const inProgress = new Set<string>();
  let nestingExceeded = false;

  const typeNamed = (name: string | undefined): GraphQLCompositeType | undefined => {
    const type = name && schema ? schema.getType(name) : undefined;
    return type && isCompositeType(type) ? type : undefined;
  };

  const fragment = (name: string, nesting: number): Tally => {
    const done = measured.get(name);
    if (done) return done;
    const definition = fragments.get(name);
    // A cycle is a validation error reported elsewhere; here it only must not loop.
    if (!definition || inProgress.has(name)) return EMPTY;
    inProgress.add(name);
    const typeName = definition.typeCondition.name.value;
    const tally = selectionSet(definition.selectionSet, typeNamed(typeName), typeName, nesting);
    inProgress.delete(name);
    measured.set(name, tally);
    return tally;
  };

  const field = (
    node: FieldNode,
    parent: GraphQLCompositeType | undefined,
    parentName: string | undefined,
    nesting: number,
  ): Tally => {
    const name = node.name.value;
    const definition: GraphQLField<unknown, unknown> | undefined =
      parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[name] : undefined;
    const childType = definition ? getNamedType(definition.type) : undefined;
    const below = node.selectionSet
      ? selectionSet(
          node.selectionSet,
          childType && isCompositeType(childType) ? childType : undefined,
          childType?.name,
          nesting + 1,
        )
      : EMPTY;
    const isList = definition
      ? isListType(getNullableType(definition.type))
      : explicitListSize(node, variables) !== undefined;
    const size = isList ? listSize(node, definition, variables, defaultListSize) : 1;
    // Introspection (`__schema`, `__type`) counts as one field for depth and cost: its answer is bounded by the
    // schema, and graphql-js's MaxIntrospectionDepthRule already refuses recursive nesting during validation.
    // (The standard introspection query is 15 deep; Sandbox and codegen must get through.)
    const introspection = name.startsWith("__");
    return {
      depth: introspection ? 1 : add(1, below.depth),
      aliases: add(node.alias ? 1 : 0, below.aliases),
      fields: 1,
      cost: introspection ? 1 : add(1, multiply(size, below.cost)),
      passwordMutations: parentName === mutationTypeName && passwordNames.has(name) ? 1 : 0,
    };
  };

  function selectionSet(
    set: SelectionSetNode,
    type: GraphQLCompositeType | undefined,
    typeName: string | undefined,
    nesting: number,
  ): Tally {
    if (nesting > MAX_NESTING) {
      nestingExceeded = true;
      return EMPTY;
    }
    let tally = EMPTY;
    for (const selection of set.selections) {
      let part: Tally;
      if (selection.kind === Kind.FIELD) part = field(selection, type, typeName, nesting);
      else if (selection.kind === Kind.FRAGMENT_SPREAD) part = fragment(selection.name.value, nesting + 1);
      else {
        const conditionName = selection.typeCondition?.name.value;
        part = conditionName
          ? selectionSet(selection.selectionSet, typeNamed(conditionName), conditionName, nesting + 1)
          : selectionSet(selection.selectionSet, type, typeName, nesting + 1);
      }
      tally = merge(tally, part);
    }
    return tally;
  }

  const operation = (definition: OperationDefinitionNode): Tally => {
    const rootType = schema?.getRootType(definition.operation) ?? undefined;
    const rootName = rootType?.name ?? capitalise(definition.operation);
    return selectionSet(definition.selectionSet, rootType, rootName, 0);
  };

  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const chosen = pickOperation(operations, options.operationName);
  let worst = EMPTY;
  for (const definition of chosen ? [chosen] : operations) worst = widest(worst, operation(definition));
  return {
    depth: worst.depth,
    aliases: worst.aliases,
    rootFields: worst.fields,
    cost: worst.cost,
    passwordMutations: worst.passwordMutations,
    nestingExceeded,
  };
}

function merge(a: Tally, b: Tally): Tally {
  return {
    depth: Math.max(a.depth, b.depth),
    aliases: add(a.aliases, b.aliases),
    fields: add(a.fields, b.fields),
    cost: add(a.cost, b.cost),
    passwordMutations: add(a.passwordMutations, b.passwordMutations),
  };
}

function widest(a: Tally, b: Tally): Tally {
  return {
    depth: Math.max(a.depth, b.depth),
    aliases: Math.max(a.aliases, b.aliases),
    fields: Math.max(a.fields, b.fields),
    cost: Math.max(a.cost, b.cost),
    passwordMutations: Math.max(a.passwordMutations, b.passwordMutations),
  };
}

function pickOperation(
  operations: OperationDefinitionNode[],
  name: string | null | undefined,
): OperationDefinitionNode | undefined {
  if (name) return operations.find((o) => o.name?.value === name);
  return operations.length === 1 ? operations[0] : undefined;
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
