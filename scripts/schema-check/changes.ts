// Schema changes between two API schemas, by graphql-inspector, with what a reviewer needs for each: a stable id
// (for approvals), its severity, the subgraphs that made it, the client operations it breaks and a suggested fix.
import type { Change } from "@graphql-inspector/core";
import { CriticalityLevel, diff } from "@graphql-inspector/core";
import type { GraphQLSchema } from "graphql";
import type { ClientOperation } from "./client-operations.js";
import { coordinatesUsed } from "./operation-coordinates.js";
import type { OwnerLookup } from "./ownership.js";
import { suggestFix } from "./suggestions.js";

export type Severity = "breaking" | "dangerous" | "safe";

export interface AffectedOperation {
  name: string;
  kind: ClientOperation["kind"];
  sources: string[];
}

export interface SchemaChange {
  /** `<CHANGE_TYPE>:<coordinate>`: stable across runs, what `schema/approved.json` lists. */
  id: string;
  type: string;
  /** Schema coordinate: `Type`, `Type.field`, `Type.field.arg` or `Enum.VALUE`. */
  path: string;
  severity: Severity;
  message: string;
  reason: string | undefined;
  subgraphs: string[];
  operations: AffectedOperation[];
  suggestion: string;
}

export interface ChangeInputs {
  baseline: GraphQLSchema;
  current: GraphQLSchema;
  /** Removed things are owned in the baseline; added and changed ones in the current subgraphs. */
  baselineOwners: OwnerLookup;
  currentOwners: OwnerLookup;
  operations: ClientOperation[];
}

export async function schemaChanges(inputs: ChangeInputs): Promise<SchemaChange[]> {
  const usage = inputs.operations.map((operation) => ({
    operation,
    // Client operations were written against the baseline, so their coordinates resolve there.
    coordinates: union(operation.documents.map((document) => coordinatesUsed(document, inputs.baseline))),
  }));
  const changes = await diff(inputs.baseline, inputs.current);
  return changes.map((change) => {
    const path = change.path ?? change.message;
    const affected = usage
      .filter(({ coordinates }) => breaks(change, path, coordinates))
      .map(({ operation }) => ({
        name: operation.name,
        kind: operation.kind,
        sources: operation.sources,
      }));
    const owners = inputs.baselineOwners(path);
    return {
      id: `${change.type}:${path}`,
      type: change.type,
      path,
      severity: severityOf(change, affected),
      message: change.message,
      reason: change.criticality.reason,
      subgraphs:
        owners.length > 0 && isRemoval(change.type) ? owners : preferNonEmpty(inputs.currentOwners(path), owners),
      operations: affected,
      suggestion: suggestFix(change.type, path, change.message),
    };
  });
}

/**
 * Inspector's level, except for an optional argument that became required: it breaks only the operations that
 * omit it, so with no known operation omitting it the change is a warning for the unknown clients.
 */
function severityOf(change: Change, affected: AffectedOperation[]): Severity {
  if (argumentBecameRequired(change)) return affected.length > 0 ? "breaking" : "dangerous";
  switch (change.criticality.level) {
    case CriticalityLevel.Breaking:
      return "breaking";
    case CriticalityLevel.Dangerous:
      return "dangerous";
    default:
      return "safe";
  }
}

/** Whether an operation that uses these coordinates stops working (or, for a dangerous change, is exposed to it). */
function breaks(change: Change, path: string, coordinates: Set<string>): boolean {
  if (argumentBecameRequired(change)) {
    // Broken when the field is used without the argument.
    return coordinates.has(parentOf(path)) && !coordinates.has(path);
  }
  if (change.type === "FIELD_ARGUMENT_ADDED" || change.type === "INPUT_FIELD_ADDED") {
    // A new required argument (input field) breaks every use of its field (input type).
    return coordinates.has(parentOf(path));
  }
  if (change.type === "ENUM_VALUE_ADDED" || change.type === "UNION_MEMBER_ADDED") {
    // Every operation that reads the enum (union) may now receive a case it does not know.
    return coordinates.has(parentOf(path));
  }
  if (coordinates.has(path)) return true;
  const prefix = `${path}.`;
  for (const coordinate of coordinates) if (coordinate.startsWith(prefix)) return true;
  return false;
}

function argumentBecameRequired(change: Change): boolean {
  if (change.type !== "FIELD_ARGUMENT_TYPE_CHANGED") return false;
  const meta = change.meta as { oldArgumentType?: string; newArgumentType?: string };
  return meta.newArgumentType === `${meta.oldArgumentType}!`;
}

function isRemoval(type: string): boolean {
  return type.endsWith("_REMOVED");
}

function parentOf(path: string): string {
  return path.split(".").slice(0, -1).join(".");
}

function preferNonEmpty(first: string[], second: string[]): string[] {
  return first.length > 0 ? first : second;
}

function union(sets: Set<string>[]): Set<string> {
  const all = new Set<string>();
  for (const set of sets) for (const value of set) all.add(value);
  return all;
}
