// Finds the operations clients send, wherever they live in the tree: executable `.graphql`/`.gql` files (the typed
// client's and the dashboard's operations) and persisted-documents manifests (graphql-codegen's client preset
// `{ hash: document }`, or Apollo's `apollo-persisted-query-manifest`). Found by glob, so new clients count at once.
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import type { DocumentNode, FragmentDefinitionNode, OperationDefinitionNode } from "graphql";
import { Kind, parse, visit } from "graphql";
import { globSync } from "tinyglobby";

export interface ClientOperation {
  /** The operation's name, or `(anonymous)`. */
  name: string;
  kind: "query" | "mutation" | "subscription";
  /** Where it was found: file paths, and manifest entries as `path#hash`. */
  sources: string[];
  /** Self-contained documents (the operation plus the fragments it spreads), one per distinct definition. */
  documents: DocumentNode[];
}

const IGNORE = [
  "**/node_modules/**",
  "**/.git/**",
  "**/.data/**",
  "**/.turbo/**",
  "**/dist/**",
  "**/generated/**",
  "schema/**",
  "subgraphs/*/schema.graphql",
];

export function findClientOperations(root: string): ClientOperation[] {
  const operations = new Map<string, ClientOperation>();
  const add = (definition: OperationDefinitionNode, fragments: Map<string, FragmentDefinitionNode>, source: string) => {
    const name = definition.name?.value ?? "(anonymous)";
    const key = `${definition.operation} ${definition.name ? name : source}`;
    let operation = operations.get(key);
    if (!operation) {
      operation = { name, kind: definition.operation, sources: [], documents: [] };
      operations.set(key, operation);
    }
    if (!operation.sources.includes(source)) operation.sources.push(source);
    operation.documents.push({
      kind: Kind.DOCUMENT,
      definitions: [definition, ...reachableFragments(definition, fragments)],
    });
  };

  // Fragments in .graphql files are shared across files (the client preset compiles them together).
  const files = globSync(["**/*.graphql", "**/*.gql"], { cwd: root, ignore: IGNORE, absolute: true }).sort();
  const fileDocuments = files.flatMap((file) => {
    const document = parseExecutable(readFileSync(file, "utf8"));
    return document ? [{ source: relative(root, file), document }] : [];
  });
  const sharedFragments = fragmentsOf(fileDocuments.map((entry) => entry.document));
  for (const { source, document } of fileDocuments) {
    for (const definition of document.definitions) {
      if (definition.kind === Kind.OPERATION_DEFINITION) add(definition, sharedFragments, source);
    }
  }

  const manifests = globSync(["**/persisted-documents.json", "**/persisted-query-manifest.json"], {
    cwd: root,
    ignore: IGNORE,
    absolute: true,
  }).sort();
  for (const manifest of manifests) {
    for (const [id, text] of manifestDocuments(readFileSync(manifest, "utf8"))) {
      const document = parseExecutable(text);
      if (!document) continue;
      const ownFragments = fragmentsOf([document]);
      for (const definition of document.definitions) {
        if (definition.kind === Kind.OPERATION_DEFINITION)
          add(definition, ownFragments, `${relative(root, manifest)}#${id.replace(/^sha256:/, "").slice(0, 12)}`);
      }
    }
  }
  return [...operations.values()];
}

/** Both manifest shapes, as [id, document text] pairs; anything else yields nothing. */
export function manifestDocuments(json: string): [string, string][] {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return [];
  }
  if (!data || typeof data !== "object" || Array.isArray(data)) return [];
  const record = data as Record<string, unknown>;
  if (record.format === "apollo-persisted-query-manifest" && Array.isArray(record.operations)) {
    return record.operations.flatMap((entry: { id?: unknown; body?: unknown }) =>
      typeof entry?.id === "string" && typeof entry.body === "string"
        ? [[entry.id, entry.body] as [string, string]]
        : [],
    );
  }
  return Object.entries(record).filter((entry): entry is [string, string] => typeof entry[1] === "string");
}

/** A document of operations and fragments only; a schema file (or anything unparsable) is not a client's. */
function parseExecutable(text: string): DocumentNode | undefined {
  try {
    const document = parse(text);
    const executable = document.definitions.every(
      (definition) => definition.kind === Kind.OPERATION_DEFINITION || definition.kind === Kind.FRAGMENT_DEFINITION,
    );
    return executable ? document : undefined;
  } catch {
    return undefined;
  }
}

function fragmentsOf(documents: DocumentNode[]): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const document of documents) {
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
  }
  return fragments;
}

function reachableFragments(
  root: OperationDefinitionNode,
  fragments: Map<string, FragmentDefinitionNode>,
): FragmentDefinitionNode[] {
  const found = new Map<string, FragmentDefinitionNode>();
  const pending: (OperationDefinitionNode | FragmentDefinitionNode)[] = [root];
  while (pending.length > 0) {
    visit(pending.pop()!, {
      FragmentSpread(node) {
        const fragment = fragments.get(node.name.value);
        if (fragment && !found.has(node.name.value)) {
          found.set(node.name.value, fragment);
          pending.push(fragment);
        }
      },
    });
  }
  return [...found.values()];
}
