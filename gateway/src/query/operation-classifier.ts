// What the query path needs to know about a document before running it, computed once per distinct document text
// and kept in a bounded cache: its operation type, and whether it selects a field whose value depends on who asks
// (the same schema rule the subscription engine uses). Unparsable documents are left to Apollo to report.
import type { DocumentNode, OperationTypeNode } from "graphql";
import { getOperationAST, parse } from "graphql";

export interface OperationClass {
  operation: OperationTypeNode;
  callerDependent: boolean;
}

export class OperationClassifier {
  private readonly cache = new Map<string, OperationClass | null>();

  constructor(
    private dependsOnCaller: (document: DocumentNode) => boolean,
    private readonly maxEntries = 2_000,
  ) {}

  /** A reloaded supergraph brings new marks: what was known about each document no longer holds. */
  replaceRule(dependsOnCaller: (document: DocumentNode) => boolean): void {
    this.dependsOnCaller = dependsOnCaller;
    this.cache.clear();
  }

  /** null for a document that does not parse or names no single operation: it is not shared. */
  classify(query: string, operationName: string | undefined): OperationClass | null {
    const key = `${operationName ?? ""}\n${query}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const computed = this.compute(query, operationName);
    if (this.cache.size >= this.maxEntries) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(key, computed);
    return computed;
  }

  private compute(query: string, operationName: string | undefined): OperationClass | null {
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: 10_000 });
    } catch {
      return null;
    }
    const operation = getOperationAST(document, operationName);
    if (!operation) return null;
    return { operation: operation.operation, callerDependent: this.dependsOnCaller(document) };
  }
}
