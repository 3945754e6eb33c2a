// graphql-ws requires `payload.query` to be a string before any hook runs, but a trusted-documents client sends
// only an id. Give such a subscribe message an empty query, so the id reaches onSubscribe and resolveDocument.
export function withQueryPlaceholder(message: string): string {
  if (!message.includes('"subscribe"')) return message;
  let parsed: { type?: unknown; payload?: Record<string, unknown> };
  try {
    parsed = JSON.parse(message);
  } catch {
    return message; // graphql-ws answers malformed messages itself
  }
  const payload = parsed.payload;
  if (parsed.type !== "subscribe" || !payload || typeof payload !== "object" || payload.query !== undefined)
    return message;
  const persisted = (payload.extensions as { persistedQuery?: unknown } | undefined)?.persistedQuery;
  if (payload.documentId === undefined && persisted === undefined) return message;
  return JSON.stringify({ ...parsed, payload: { ...payload, query: "" } });
}
