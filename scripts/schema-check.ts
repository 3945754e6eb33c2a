// `npm run schema:check`: does the change to the subgraphs break clients? Composes the working tree's subgraphs and
// compares the API schema with a baseline the change cannot move (see --help). Never writes a file.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

const HELP = `Usage: npm run schema:check -- [options]

Composes subgraphs/*/schema.graphql and compares the API schema with a baseline:
the committed schema/supergraph.graphql at the merge base of HEAD with the main branch
(origin/main, main, origin/master or master), or the file given with --baseline.
Breaking changes fail unless listed in the approvals file; dangerous changes warn.
Each change names its subgraph and the client operations it breaks (.graphql
operations and persisted-documents manifests found anywhere in the tree).

Options:
  --baseline <file>       compare with this supergraph (rover/compose output) or API schema
  --base-ref <ref>        the main branch to take the merge base with (default: first of the above)
  --approved <file>       approvals file (default: schema/approved.json)
  --usage <file>          field usage export: the gateway's GET /usage JSON or a Prometheus query result
  --usage-days <n>        with a gateway export: count requests of the last n days (default: 30)
  --format <f>            terminal (default) or markdown (for a CI summary)
  --subgraphs <dir>       where the subgraphs are (default: subgraphs)
  --operations-root <dir> where to look for client operations (default: .)
  -h, --help              this help

Exit status: 0 passed, 1 failed (unapproved breaking change or composition error), 2 bad usage.
`;

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      strict: true,
      allowPositionals: false,
      options: {
        baseline: { type: "string" },
        "base-ref": { type: "string" },
        approved: { type: "string", default: "schema/approved.json" },
        usage: { type: "string" },
        "usage-days": { type: "string", default: "30" },
        format: { type: "string", default: "terminal" },
        subgraphs: { type: "string", default: "subgraphs" },
        "operations-root": { type: "string", default: "." },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (error) {
    process.stderr.write(`schema:check: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (values.format !== "terminal" && values.format !== "markdown") {
    process.stderr.write(`schema:check: --format must be terminal or markdown, not "${values.format}"\n`);
    return 2;
  }
  const days = Number(values["usage-days"]);
  if (!Number.isInteger(days) || days <= 0) {
    process.stderr.write(`schema:check: --usage-days must be a positive whole number\n`);
    return 2;
  }
  if (values.baseline && values["base-ref"]) {
    process.stderr.write("schema:check: give --baseline or --base-ref, not both\n");
    return 2;
  }
  const approvedPath = values.approved;
  // Loaded after the arguments are checked: --help and a typo answer at once, without loading composition.
  const [
    { readSubgraphSources },
    { readApprovals },
    { baselineFromFile, baselineFromGit },
    { checkSchema },
    { findClientOperations },
    { renderMarkdown, renderTerminal },
    { readUsage },
  ] = await Promise.all([
    import("./compose/compose-supergraph.js"),
    import("./schema-check/approvals.js"),
    import("./schema-check/baseline.js"),
    import("./schema-check/check.js"),
    import("./schema-check/client-operations.js"),
    import("./schema-check/report.js"),
    import("./schema-check/usage.js"),
  ]);
  let report;
  try {
    report = await checkSchema({
      baseline: values.baseline
        ? baselineFromFile(values.baseline)
        : baselineFromGit(process.cwd(), values["base-ref"]),
      subgraphs: readSubgraphSources(values.subgraphs),
      operations: findClientOperations(values["operations-root"]),
      approvals: readApprovals(approvedPath),
      ...(values.usage ? { usage: readUsage(readFileSync(values.usage, "utf8"), days) } : {}),
    });
  } catch (error) {
    process.stderr.write(`schema:check: ${(error as Error).message}\n`);
    return 2;
  }
  process.stdout.write(
    values.format === "markdown" ? renderMarkdown(report, approvedPath) : renderTerminal(report, approvedPath),
  );
  return report.passed ? 0 : 1;
}

process.exitCode = await main();
