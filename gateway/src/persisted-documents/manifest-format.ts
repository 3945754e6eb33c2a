// The two persisted-documents manifest formats clients produce, read into id → document text:
//  - graphql-codegen's client preset (`persistedDocuments`): { "sha256:<hex>": "query …", … }
//  - Apollo's persisted query manifest: { format: "apollo-persisted-query-manifest", version: 1,
//    operations: [{ id, name, type, body }] }
// Ids are kept without a `sha256:` prefix, so `documentId: "sha256:<hex>"` and APQ's bare `sha256Hash` both match.

export function parseManifest(json: string): Map<string, string> {
  const data: unknown = JSON.parse(json);
  if (!data || typeof data !== "object" || Array.isArray(data)) throw new Error("a manifest is a JSON object");
  const record = data as Record<string, unknown>;
  const entries: [string, unknown][] =
    record.format === "apollo-persisted-query-manifest"
      ? (Array.isArray(record.operations) ? record.operations : []).map((entry: { id?: unknown; body?: unknown }) => [
          String(entry?.id),
          entry?.body,
        ])
      : Object.entries(record);
  const documents = new Map<string, string>();
  for (const [id, text] of entries) {
    if (typeof text !== "string") throw new Error(`manifest entry ${id} is not a document string`);
    documents.set(normalizeDocumentId(id), text);
  }
  return documents;
}

/** `sha256:ABC…` and `abc…` name the same document. */
export function normalizeDocumentId(id: string): string {
  return id.replace(/^sha256:/i, "").toLowerCase();
}
