// graphql-codegen for the typed client: the `client` preset over the public API schema and the operations in
// operations/, written to src/gql/ (committed; a test fails when it is stale). Paths are from the repo root,
// where `npm run codegen` runs.
import type { CodegenConfig } from "@graphql-codegen/cli";

export const CLIENT_OUTPUT_DIR = "clients/typescript/src/gql/";

export const clientGenerates: CodegenConfig["generates"] = {
  [CLIENT_OUTPUT_DIR]: {
    schema: "schema/api.graphql",
    documents: ["clients/typescript/operations/**/*.graphql"],
    preset: "client",
    presetConfig: {
      // Plain typed results: no useFragment() unmasking step for the dashboard or a newcomer.
      fragmentMasking: false,
      // Emits persisted-documents.json (hash → document) for trusted documents in the gateway; each document
      // also carries its hash in __meta__.
      persistedDocuments: { hashAlgorithm: "sha256" },
    },
    config: {
      // DateTime travels as an ISO-8601 string; without this mapping it comes out `unknown`.
      scalars: { DateTime: "string", ID: "string" },
      enumsAsTypes: true,
      useTypeImports: true,
      // Relative imports with `.js`, as NodeNext module resolution requires.
      emitLegacyCommonJSImports: false,
    },
  },
};
