// graphql-codegen: typed, federation-aware resolvers for every subgraph, written to subgraphs/<name>/generated/.
// Each subgraph maps GraphQL types to its Prisma models in its own `codegen.mappers.ts`.
// Also the typed client (clients/typescript/codegen.ts): the `client` preset over the public API schema.
import type { CodegenConfig } from "@graphql-codegen/cli";
import { existsSync, readdirSync } from "node:fs";
import { clientGenerates } from "./clients/typescript/codegen.js";

const subgraphs = readdirSync("subgraphs").filter((name) => existsSync(`subgraphs/${name}/schema.graphql`));

async function subgraphEntry(name: string): Promise<[string, CodegenConfig["generates"][string]]> {
  const mappersFile = `./subgraphs/${name}/codegen.mappers.ts`;
  const mappers: Record<string, string> = existsSync(mappersFile)
    ? ((await import(mappersFile)) as { mappers: Record<string, string> }).mappers
    : {};
  return [
    `subgraphs/${name}/generated/graphql.ts`,
    {
      schema: `subgraphs/${name}/schema.graphql`,
      plugins: ["typescript", "typescript-resolvers"],
      config: {
        federation: true,
        useTypeImports: true,
        useIndexSignature: true,
        enumsAsTypes: true,
        contextType: "../src/context.js#SubgraphContext",
        mappers,
        mapperTypeSuffix: "Model",
        scalars: { DateTime: "Date | string", ID: "string" },
      },
    },
  ];
}

const config: CodegenConfig = {
  overwrite: true,
  generates: { ...Object.fromEntries(await Promise.all(subgraphs.map(subgraphEntry))), ...clientGenerates },
};

export default config;
