// Generates every Prisma client and the GraphQL resolver types; runs after each install (postinstall).
// Output goes to the `generated/` folders, which are never committed nor edited by hand.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

// `prisma generate` only checks that a schema engine binary exists; it does not run it. Where the engine
// cannot be downloaded, point Prisma at any existing file (the node binary) so generate works offline.
const env = { ...process.env };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;

const prismaSchemas = [
  ...readdirSync("subgraphs").map((name) => join("subgraphs", name, "prisma", "schema.prisma")),
  join("packages", "db", "test", "fixture", "schema.prisma"),
].filter((path) => existsSync(path));

function run(command, args) {
  const result = spawnSync(command, args, { stdio: "inherit", env });
  if (result.status !== 0) {
    console.error(`generate: ${command} ${args.join(" ")} failed`);
    process.exit(result.status ?? 1);
  }
}

for (const schema of prismaSchemas) run("npx", ["--no-install", "prisma", "generate", "--schema", schema]);
const hasSubgraphSchemas = readdirSync("subgraphs").some((name) =>
  existsSync(join("subgraphs", name, "schema.graphql")),
);
if (hasSubgraphSchemas) run("npx", ["--no-install", "graphql-codegen", "--config", "codegen.ts"]);

// The dashboard bundle the gateway serves at / (web/dist): built when missing or older than its sources.
const webBuild = join("web", "scripts", "build-if-stale.mjs");
if (existsSync(webBuild)) run("node", [webBuild]);
