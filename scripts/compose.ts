// `npm run compose` writes schema/supergraph.graphql; `npm run compose -- --check` fails (as `rover` would in CI)
// when the committed supergraph is stale or the new API schema breaks existing clients.
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { buildSchema, findBreakingChanges, type BreakingChange } from "graphql";
import { composeSupergraph, readSubgraphSources } from "./compose/compose-supergraph.js";

const SUPERGRAPH = "schema/supergraph.graphql";
const API_SCHEMA = "schema/api.graphql";
const check = process.argv.includes("--check");
const allowBreaking = process.argv.includes("--allow-breaking");

const outcome = composeSupergraph(readSubgraphSources());
if (!outcome.ok) {
  console.error(`Composition failed with ${outcome.errors.length} error(s):`);
  for (const error of outcome.errors) console.error(`  - ${error}`);
  process.exit(1);
}

const breaking = existsSync(API_SCHEMA) ? breakingChanges(readFileSync(API_SCHEMA, "utf8"), outcome.apiSdl) : [];
if (breaking.length > 0) {
  console.error(`${breaking.length} breaking change(s) against the committed API schema:`);
  for (const change of breaking) console.error(`  - ${change.type}: ${change.description}`);
  if (!allowBreaking) {
    console.error("Re-run with --allow-breaking to accept them.");
    process.exit(1);
  }
}

if (check) {
  const stale = [
    [SUPERGRAPH, outcome.supergraphSdl],
    [API_SCHEMA, outcome.apiSdl],
  ].filter(([path, sdl]) => !existsSync(path!) || readFileSync(path!, "utf8") !== sdl);
  if (stale.length > 0) {
    console.error(`Out of date: ${stale.map(([path]) => path).join(", ")}. Run \`npm run compose\` and commit.`);
    process.exit(1);
  }
  console.log("Supergraph is up to date and compatible.");
} else {
  writeFileSync(SUPERGRAPH, outcome.supergraphSdl);
  writeFileSync(API_SCHEMA, outcome.apiSdl);
  console.log(`Wrote ${SUPERGRAPH} and ${API_SCHEMA}.`);
}

function breakingChanges(previousSdl: string, nextSdl: string): BreakingChange[] {
  return findBreakingChanges(buildSchema(previousSdl), buildSchema(nextSdl));
}
