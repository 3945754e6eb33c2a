// `npm run compose` writes schema/supergraph.graphql and schema/api.graphql from the subgraphs;
// `npm run compose -- --check` only verifies they are up to date (CI). Whether a change breaks clients is
// `npm run schema:check`'s job: it compares with the main branch, which a change cannot move by itself.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { composeSupergraph, readSubgraphSources } from "./compose/compose-supergraph.js";

const HELP = `Usage: npm run compose [-- --check]

Composes subgraphs/*/schema.graphql with @apollo/composition (the same result as
\`rover supergraph compose --config supergraph.yaml\`).

  (no option)   write schema/supergraph.graphql and schema/api.graphql
  --check       write nothing; fail if those files are not what the subgraphs compose to
  -h, --help    this help

Breaking-change checks against the main branch: npm run schema:check -- --help
`;

const SUPERGRAPH = "schema/supergraph.graphql";
const API_SCHEMA = "schema/api.graphql";

let options;
try {
  options = parseArgs({
    strict: true,
    allowPositionals: false,
    options: { check: { type: "boolean", default: false }, help: { type: "boolean", short: "h", default: false } },
  }).values;
} catch (error) {
  // An unknown flag (a typo of --check) must not fall through to writing schema/.
  process.stderr.write(`compose: ${(error as Error).message}\n\n${HELP}`);
  process.exit(2);
}
if (options.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

const outcome = composeSupergraph(readSubgraphSources());
if (!outcome.ok) {
  console.error(`Composition failed with ${outcome.errors.length} error(s):`);
  for (const error of outcome.errors) console.error(`  - ${error}`);
  process.exit(1);
}

if (options.check) {
  const stale = [
    [SUPERGRAPH, outcome.supergraphSdl],
    [API_SCHEMA, outcome.apiSdl],
  ].filter(([path, sdl]) => !existsSync(path!) || readFileSync(path!, "utf8") !== sdl);
  if (stale.length > 0) {
    console.error(`Out of date: ${stale.map(([path]) => path).join(", ")}. Run \`npm run compose\` and commit.`);
    process.exit(1);
  }
  console.log("Supergraph is up to date (compatibility: npm run schema:check).");
} else {
  writeFileSync(SUPERGRAPH, outcome.supergraphSdl);
  writeFileSync(API_SCHEMA, outcome.apiSdl);
  console.log(`Wrote ${SUPERGRAPH} and ${API_SCHEMA}. Check compatibility with \`npm run schema:check\`.`);
}
