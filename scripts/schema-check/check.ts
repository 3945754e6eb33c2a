// The schema check itself, free of I/O: compose the current subgraphs, compare the API schema with the baseline,
// and decide. Breaking changes fail unless approved; dangerous ones warn; composition errors fail.
import { buildSchema } from "graphql";
import type { SubgraphSource } from "../compose/compose-supergraph.js";
import { composeSupergraph } from "../compose/compose-supergraph.js";
import type { Approval } from "./approvals.js";
import type { Baseline } from "./baseline.js";
import type { SchemaChange } from "./changes.js";
import { schemaChanges } from "./changes.js";
import type { ClientOperation } from "./client-operations.js";
import { ownershipIndex } from "./ownership.js";
import type { FieldUse, UsageReport } from "./usage.js";

export interface CheckInputs {
  baseline: Baseline;
  subgraphs: SubgraphSource[];
  operations: ClientOperation[];
  approvals: Approval[];
  usage?: UsageReport;
}

export interface ReviewedChange extends SchemaChange {
  /** The reason given in schema/approved.json, when the change is approved there. */
  approvedBecause?: string;
  /** Recent use of the coordinate; `null` when the usage export has none; absent without --usage. */
  recentUse?: FieldUse | null;
}

export interface CompositionProblem {
  message: string;
  subgraphs: string[];
}

export interface CheckReport {
  baseline: string;
  subgraphs: string[];
  compositionErrors: CompositionProblem[];
  breaking: ReviewedChange[];
  dangerous: ReviewedChange[];
  safe: ReviewedChange[];
  /** Approvals that match no current change: the change landed or was reverted; the entry can go. */
  unusedApprovals: Approval[];
  operationsScanned: number;
  usage: string | undefined;
  passed: boolean;
}

export async function checkSchema(inputs: CheckInputs): Promise<CheckReport> {
  const names = inputs.subgraphs.map((subgraph) => subgraph.name);
  const base = {
    baseline: inputs.baseline.description,
    subgraphs: names,
    operationsScanned: inputs.operations.length,
    usage: inputs.usage?.description,
  };
  const outcome = composeSupergraph(inputs.subgraphs);
  if (!outcome.ok) {
    const compositionErrors = outcome.errors.map((message) => ({
      message,
      subgraphs: subgraphsNamedIn(message, names),
    }));
    return { ...base, compositionErrors, breaking: [], dangerous: [], safe: [], unusedApprovals: [], passed: false };
  }

  const changes = await schemaChanges({
    baseline: inputs.baseline.schema,
    current: buildSchema(outcome.apiSdl),
    baselineOwners: ownershipIndex(inputs.baseline.subgraphs.length > 0 ? inputs.baseline.subgraphs : inputs.subgraphs),
    currentOwners: ownershipIndex(inputs.subgraphs),
    operations: inputs.operations,
  });
  const approvals = new Map(inputs.approvals.map((approval) => [approval.id, approval.reason]));
  const reviewed: ReviewedChange[] = changes.map((change) => ({
    ...change,
    ...(approvals.has(change.id) ? { approvedBecause: approvals.get(change.id) } : {}),
    ...(inputs.usage && change.severity !== "safe" ? { recentUse: inputs.usage.use(change.path) ?? null } : {}),
  }));
  const breaking = reviewed.filter((change) => change.severity === "breaking");
  const ids = new Set(changes.map((change) => change.id));
  return {
    ...base,
    compositionErrors: [],
    breaking,
    dangerous: reviewed.filter((change) => change.severity === "dangerous"),
    safe: reviewed.filter((change) => change.severity === "safe"),
    unusedApprovals: inputs.approvals.filter((approval) => !ids.has(approval.id)),
    passed: breaking.every((change) => change.approvedBecause !== undefined),
  };
}

/** Composition messages name subgraphs as `[name]` or `"name"`; pick out the ones that exist. */
function subgraphsNamedIn(message: string, names: string[]): string[] {
  return names.filter((name) => message.includes(`[${name}]`) || message.includes(`"${name}"`));
}
