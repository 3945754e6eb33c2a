// The one decision every transport asks: which document does this request run? HTTP, graphql-ws, SSE and multipart
// call it with the request's parameters before parsing, and either run the returned query or answer the error.
import { GraphQLError } from "graphql";
import type { ErrorCode } from "@tickergraph/errors";

export type PersistedOperationsMode = "off" | "allow" | "enforce";

/** What a transport received: a document, an id, or both (`extensions.persistedQuery` is APQ's shape). */
export interface DocumentParams {
  query?: unknown;
  documentId?: unknown;
  extensions?: unknown;
}

export interface DocumentLookup {
  get(id: string): string | undefined;
  hasDocument(text: string): boolean;
}

/** `query` is what to run; undefined when the request named no document at all (the transport reports that). */
export type ResolvedDocument = { query: string | undefined; documentId: string | undefined };

/**
 * - `off`: documents as sent; an id alone is PERSISTED_QUERY_NOT_SUPPORTED.
 * - `allow`: a known id runs its document; an unknown id alone is PERSISTED_QUERY_NOT_FOUND; any full query runs
 *   (Apollo Sandbox, the explorer, curl).
 * - `enforce`: only documents in the manifest, by id or as their exact text; anything else is
 *   PERSISTED_QUERY_REQUIRED (a free-form query) or PERSISTED_QUERY_NOT_FOUND (an unknown id).
 */
export function resolveDocument(
  params: DocumentParams,
  mode: PersistedOperationsMode,
  manifest: DocumentLookup,
): ResolvedDocument | GraphQLError {
  const documentId = requestedDocumentId(params);
  const query = typeof params.query === "string" && params.query.length > 0 ? params.query : undefined;
  if (documentId === undefined) {
    if (mode !== "enforce" || query === undefined || manifest.hasDocument(query)) return { query, documentId };
    return error(
      "PERSISTED_QUERY_REQUIRED",
      "This gateway runs only trusted documents: send the documentId of a persisted document",
    );
  }
  if (typeof documentId !== "string" || documentId.length === 0) {
    return error("BAD_REQUEST", "documentId (or extensions.persistedQuery.sha256Hash) must be a non-empty string");
  }
  if (mode === "off") {
    if (query !== undefined) return { query, documentId };
    return error(
      "PERSISTED_QUERY_NOT_SUPPORTED",
      "This gateway does not accept persisted document ids (PERSISTED_OPERATIONS=off)",
    );
  }
  const document = manifest.get(documentId);
  if (document === undefined) {
    if (mode === "allow" && query !== undefined) return { query, documentId };
    return error("PERSISTED_QUERY_NOT_FOUND", `No persisted document with id ${documentId}`);
  }
  if (query !== undefined && query !== document) {
    return error("BAD_REQUEST", `The query sent is not the persisted document ${documentId}`);
  }
  return { query: document, documentId };
}

/** `documentId` (GraphQL over HTTP's trusted documents), else APQ's `extensions.persistedQuery.sha256Hash`. */
export function requestedDocumentId(params: DocumentParams): unknown {
  if (params.documentId !== undefined && params.documentId !== null) return params.documentId;
  const extensions = params.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined;
  const hash = extensions && typeof extensions === "object" ? extensions.persistedQuery?.sha256Hash : undefined;
  return hash ?? undefined;
}

function error(code: ErrorCode, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}
