// Trusted documents (persisted operations) for every transport: the manifest, kept fresh from its file, and the
// one resolveDocument() that HTTP, graphql-ws, SSE and multipart call. PERSISTED_OPERATIONS picks the mode.
import { fileURLToPath } from "node:url";
import type { RequestHandler } from "express";
import type { GraphQLError } from "graphql";
import type { AppConfig } from "@tickergraph/config";
import type { Logger } from "@tickergraph/telemetry";
import { persistedDocumentsMiddleware } from "./http-middleware.js";
import { PersistedDocumentManifest } from "./manifest.js";
import type { DocumentParams, PersistedOperationsMode, ResolvedDocument } from "./resolve-document.js";
import { resolveDocument } from "./resolve-document.js";

export {
  resolveDocument,
  type DocumentParams,
  type PersistedOperationsMode,
  type ResolvedDocument,
} from "./resolve-document.js";

/** The typed client's manifest (graphql-codegen client preset), used when PERSISTED_OPERATIONS_MANIFEST is empty. */
export const DEFAULT_MANIFEST_PATH = fileURLToPath(
  new URL("../../../clients/typescript/src/gql/persisted-documents.json", import.meta.url),
);

export interface PersistedDocuments {
  mode: PersistedOperationsMode;
  manifest: PersistedDocumentManifest;
  /** For transports: the document to run for these request parameters, or the error to answer. */
  resolve(params: DocumentParams): ResolvedDocument | GraphQLError;
  /** For /graphql and /graphql/stream, after express.json(). */
  httpMiddleware: RequestHandler;
  close(): void;
}

export async function openPersistedDocuments(
  settings: AppConfig["persistedOperations"],
  logger: Logger,
): Promise<PersistedDocuments> {
  const manifest = new PersistedDocumentManifest(settings.manifestPath || DEFAULT_MANIFEST_PATH, logger);
  if (settings.mode !== "off") {
    await manifest.reload();
    manifest.watch();
  }
  const resolve = (params: DocumentParams) => resolveDocument(params, settings.mode, manifest);
  return {
    mode: settings.mode,
    manifest,
    resolve,
    httpMiddleware: persistedDocumentsMiddleware(
      { mode: settings.mode, resolve, knows: (id) => manifest.get(id) !== undefined },
      logger,
    ),
    close: () => manifest.close(),
  };
}
