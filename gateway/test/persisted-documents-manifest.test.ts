import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "@tickergraph/telemetry";
import { parseManifest } from "../src/persisted-documents/manifest-format.js";
import { PersistedDocumentManifest } from "../src/persisted-documents/manifest.js";
import { resolveDocument } from "../src/persisted-documents/resolve-document.js";
import { withQueryPlaceholder } from "../src/persisted-documents/ws-message.js";

const logger = createLogger("test", "silent");
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("persisted documents manifest", () => {
  it("reads the client preset's and Apollo's manifest formats, ids with or without sha256:", () => {
    expect([...parseManifest(JSON.stringify({ "sha256:ABC": "query A { a }" }))]).toEqual([["abc", "query A { a }"]]);
    const apollo = {
      format: "apollo-persisted-query-manifest",
      version: 1,
      operations: [{ id: "def", name: "B", type: "query", body: "query B { b }" }],
    };
    expect([...parseManifest(JSON.stringify(apollo))]).toEqual([["def", "query B { b }"]]);
    expect(() => parseManifest(JSON.stringify({ x: 1 }))).toThrow(/not a document string/);
  });

  it("keeps the last good manifest when the file turns invalid or disappears", async () => {
    const dir = mkdtempSync(join(tmpdir(), "manifest-"));
    dirs.push(dir);
    const path = join(dir, "persisted-documents.json");
    const manifest = new PersistedDocumentManifest(path, logger);
    await manifest.reload();
    expect(manifest.size).toBe(0);
    writeFileSync(path, JSON.stringify({ "sha256:aa": "query A { a }" }));
    await manifest.reload();
    expect(manifest.get("sha256:AA")).toBe("query A { a }");
    expect(manifest.hasDocument("query A { a }")).toBe(true);
    writeFileSync(path, "{ truncated");
    await manifest.reload();
    rmSync(path);
    await manifest.reload();
    expect(manifest.get("aa")).toBe("query A { a }");
  });
});

describe("resolveDocument", () => {
  const manifest = {
    get: (id: string) => (id === "sha256:aa" || id === "aa" ? "query A { a }" : undefined),
    hasDocument: (text: string) => text === "query A { a }",
  };
  const code = (result: ReturnType<typeof resolveDocument>) =>
    "extensions" in result ? result.extensions.code : result;

  it("refuses a query that contradicts the document id it names", () => {
    expect(code(resolveDocument({ documentId: "sha256:aa", query: "query B { b }" }, "allow", manifest))).toBe(
      "BAD_REQUEST",
    );
  });

  it("refuses a malformed id with BAD_REQUEST in every mode", () => {
    for (const mode of ["off", "allow", "enforce"] as const) {
      expect(code(resolveDocument({ documentId: 42 }, mode, manifest))).toBe("BAD_REQUEST");
    }
  });

  it("leaves a request with no document to the transport, even under enforce", () => {
    expect(resolveDocument({}, "enforce", manifest)).toEqual({ query: undefined, documentId: undefined });
  });
});

describe("graphql-ws subscribe messages with an id only", () => {
  it("get an empty query so graphql-ws lets them through to resolveDocument", () => {
    const message = JSON.stringify({ id: "1", type: "subscribe", payload: { documentId: "sha256:aa" } });
    expect(JSON.parse(withQueryPlaceholder(message)).payload).toEqual({ documentId: "sha256:aa", query: "" });
    const withQuery = JSON.stringify({ id: "1", type: "subscribe", payload: { query: "{ a }" } });
    expect(withQueryPlaceholder(withQuery)).toBe(withQuery);
    expect(withQueryPlaceholder('{"type":"subscribe",')).toBe('{"type":"subscribe",');
  });
});
