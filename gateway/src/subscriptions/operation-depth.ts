// Depth of an operation's selection (fragments expanded), to refuse abusive nesting before planning.
// Linear in the document: each fragment is measured once (see ../limits/measure.ts).
import type { DocumentNode } from "graphql";
import { MAX_NESTING, measureOperation } from "../limits/measure.js";

export function operationDepth(document: DocumentNode): number {
  const measure = measureOperation(document);
  // Past MAX_NESTING measuring stops; report a depth no limit allows.
  return measure.nestingExceeded ? Math.max(measure.depth, MAX_NESTING + 1) : measure.depth;
}
