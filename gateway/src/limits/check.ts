// Compares a measured operation with the configured limits: one OPERATION_LIMIT_EXCEEDED error per limit passed,
// naming the limit (`extensions.limit`), its maximum and the operation's actual value.
import { GraphQLError } from "graphql";
import type { ERROR_CODES } from "@tickergraph/errors";
import type { OperationMeasure } from "./measure.js";
import { MAX_NESTING } from "./measure.js";

export interface OperationLimits {
  /** Lexical tokens a document may have: bounds parsing itself (graphql-js `parse(source, { maxTokens })`). */
  maxTokens: number;
  maxDepth: number;
  maxAliases: number;
  maxRootFields: number;
  maxCost: number;
  /** Items a list field is assumed to hold when no argument or schema default says (cost estimate). */
  defaultListSize: number;
  /** Password-hashing mutations (login, register, …) one request may hold. */
  maxPasswordMutations: number;
  /** Mutation names that hash a password, besides those the schema reveals (a `password` argument or input field). */
  passwordMutations: readonly string[];
}

export const DEFAULT_OPERATION_LIMITS: OperationLimits = {
  maxTokens: 15_000,
  maxDepth: 12,
  maxAliases: 50,
  maxRootFields: 20,
  maxCost: 25_000,
  defaultListSize: 20,
  maxPasswordMutations: 1,
  passwordMutations: ["login", "register"],
};

export type LimitName = "depth" | "aliases" | "rootFields" | "cost" | "passwordMutations" | "nesting";

export const OPERATION_LIMIT_EXCEEDED = "OPERATION_LIMIT_EXCEEDED" satisfies keyof typeof ERROR_CODES;

const DESCRIPTIONS: Record<Exclude<LimitName, "nesting">, string> = {
  depth: "Operation depth",
  aliases: "Aliased fields",
  rootFields: "Root fields",
  cost: "Estimated cost",
  passwordMutations: "Password-hashing mutations (login, register)",
};

/** Every limit `measure` passes, as errors ready to send; empty when the operation may run. */
export function checkOperationLimits(measure: OperationMeasure, limits: OperationLimits): GraphQLError[] {
  if (measure.nestingExceeded) {
    return [
      limitError(
        "nesting",
        `Selections and fragment spreads nest more than ${MAX_NESTING} levels deep`,
        MAX_NESTING,
        MAX_NESTING + 1,
      ),
    ];
  }
  // Most specific first: over HTTP only the first error is sent.
  const checks: Array<[Exclude<LimitName, "nesting">, number, number]> = [
    ["passwordMutations", measure.passwordMutations, limits.maxPasswordMutations],
    ["depth", measure.depth, limits.maxDepth],
    ["aliases", measure.aliases, limits.maxAliases],
    ["rootFields", measure.rootFields, limits.maxRootFields],
    ["cost", measure.cost, limits.maxCost],
  ];
  return checks
    .filter(([, actual, max]) => actual > max)
    .map(([limit, actual, max]) =>
      limitError(limit, `${DESCRIPTIONS[limit]} ${actual} exceeds the limit of ${max}`, max, actual),
    );
}

function limitError(limit: LimitName, message: string, max: number, actual: number): GraphQLError {
  return new GraphQLError(message, { extensions: { code: OPERATION_LIMIT_EXCEEDED, limit, max, actual } });
}
