// Trusted documents on the gateway's HTTP path (mounted at exactly /graphql: Apollo Server and multipart; SSE at
// /graphql/stream resolves documents in its own transport): resolves `documentId` / `extensions.persistedQuery` to the manifest's document and rewrites the request to
// carry it as `query`, or answers the typed error. Runs after express.json(); GET takes its parameters from the URL.
import type { RequestHandler } from "express";
import { GraphQLError } from "graphql";
import { ERROR_CODES, isErrorCode } from "@tickergraph/errors";
import type { Logger } from "@tickergraph/telemetry";
import type { DocumentParams, ResolvedDocument } from "./resolve-document.js";
import { requestedDocumentId } from "./resolve-document.js";

export interface HttpDocumentResolver {
  mode: "off" | "allow" | "enforce";
  resolve(params: DocumentParams): ResolvedDocument | GraphQLError;
  knows(id: string): boolean;
}

export function persistedDocumentsMiddleware(documents: HttpDocumentResolver, logger: Logger): RequestHandler {
  return (req, res, next) => {
    const fromUrl = req.method === "GET";
    const search = fromUrl ? new URL(req.url, "http://gateway").searchParams : undefined;
    const params: unknown = search ? paramsFromSearch(search) : req.body;
    if (!params || typeof params !== "object" || Array.isArray(params)) return next();
    const request = params as DocumentParams;
    const id = requestedDocumentId(request);
    // An APQ hash is left to its APQ cache (register, then hash-only) when the mode is
    // off, or in allow mode when the manifest does not know it: APQ clients keep working as they did.
    const apq = request.documentId === undefined && typeof id === "string";
    if (apq && (documents.mode === "off" || (documents.mode === "allow" && !documents.knows(id)))) return next();

    const resolved = documents.resolve(request);
    if (resolved instanceof GraphQLError) {
      const code = isErrorCode(resolved.extensions.code) ? resolved.extensions.code : "BAD_REQUEST";
      logger.debug(
        { code, documentId: typeof id === "string" ? id : undefined },
        "persisted documents: request refused",
      );
      res.status(ERROR_CODES[code].httpStatus).json({ errors: [{ message: resolved.message, extensions: { code } }] });
      return;
    }
    if (resolved.documentId === undefined) return next();
    if (search) {
      search.set("query", resolved.query!);
      search.delete("documentId");
      const extensions = withoutPersistedQuery(request.extensions);
      if (extensions) search.set("extensions", JSON.stringify(extensions));
      else search.delete("extensions");
      req.url = `${req.url.split("?")[0]}?${search.toString()}`;
    } else {
      const { documentId: _id, extensions, ...rest } = req.body as Record<string, unknown>;
      const remaining = withoutPersistedQuery(extensions);
      req.body = { ...rest, query: resolved.query, ...(remaining ? { extensions: remaining } : {}) };
    }
    next();
  };
}

function paramsFromSearch(search: URLSearchParams): DocumentParams {
  let extensions: unknown;
  try {
    extensions = search.has("extensions") ? JSON.parse(search.get("extensions")!) : undefined;
  } catch {
    extensions = undefined; // Apollo Server answers a malformed `extensions` itself
  }
  return { query: search.get("query") ?? undefined, documentId: search.get("documentId") ?? undefined, extensions };
}

/** The document is resolved here: Apollo's APQ must not see the hash again. Other extensions pass through. */
function withoutPersistedQuery(extensions: unknown): Record<string, unknown> | undefined {
  if (!extensions || typeof extensions !== "object") return undefined;
  const { persistedQuery: _pq, ...rest } = extensions as Record<string, unknown>;
  return Object.keys(rest).length > 0 ? rest : undefined;
}
