// CI fails when the committed typed client is stale: regenerate in memory from schema/api.graphql and operations/,
// and compare with src/gql/ file by file. Fix with `npm run codegen`.
import { readdirSync, readFileSync } from "node:fs";
import { generate } from "@graphql-codegen/cli";
import { describe, expect, it } from "vitest";
import { CLIENT_OUTPUT_DIR, clientGenerates } from "../codegen.js";

describe("the typed client in clients/typescript/src/gql", () => {
  it("is what `npm run codegen` generates from the current schema and operations", async () => {
    const files = (await generate({ generates: clientGenerates, silent: true }, false)) as Array<{
      filename: string;
      content: string;
    }>;
    const expected = Object.fromEntries(files.map((file) => [file.filename.replace(/^\.\//, ""), file.content]));
    const committed = Object.fromEntries(
      readdirSync(CLIENT_OUTPUT_DIR).map((name) => [
        `${CLIENT_OUTPUT_DIR}${name}`,
        readFileSync(`${CLIENT_OUTPUT_DIR}${name}`, "utf8"),
      ]),
    );
    expect(Object.keys(committed).sort(), "files in src/gql (run `npm run codegen`)").toEqual(
      Object.keys(expected).sort(),
    );
    for (const [name, content] of Object.entries(expected))
      expect(committed[name], `${name} is stale: run \`npm run codegen\``).toBe(content);
  });

  it("emits a persisted-documents manifest with one sha256 entry per operation", () => {
    const manifest = JSON.parse(readFileSync(`${CLIENT_OUTPUT_DIR}persisted-documents.json`, "utf8")) as Record<
      string,
      string
    >;
    const operations = Object.values(manifest).map(
      (document) => /^(?:fragment [\s\S]*? })?\s*(query|mutation|subscription) (\w+)/.exec(document)?.[2],
    );
    expect(operations).toContain("ShareValueChanged");
    expect(operations).toContain("PriceTicks");
    for (const key of Object.keys(manifest)) expect(key).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});
