// How long measuring an operation takes (gateway/src/limits), on documents built to explode and on ordinary ones,
// against the API schema. Linear: doubling the fragment levels doubles the time, while the counts it reports double
// with every level.
import { readFileSync } from "node:fs";
import type { DocumentNode } from "graphql";
import { buildSchema, getIntrospectionQuery, parse } from "graphql";
import { measureOperation } from "../gateway/src/limits/index.js";

const schema = buildSchema(readFileSync(new URL("../schema/api.graphql", import.meta.url), "utf8"));

function fragmentDoubling(levels: number): string {
  const lines = [`query { ...F0 }`];
  for (let i = 0; i < levels; i++) lines.push(`fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`);
  lines.push(`fragment F${levels} on Query { me { id } }`);
  return lines.join("\n");
}

const cases: Array<[string, string]> = [
  ...[10, 20, 40, 80, 160].map((levels): [string, string] => [
    `${levels} fragments, each spreading the next twice`,
    fragmentDoubling(levels),
  ]),
  [
    "1 000 aliases of priceHistory",
    `{ ${Array.from({ length: 1000 }, (_, i) => `p${i}: priceHistory(symbol: "AAPL") { price at }`).join(" ")} }`,
  ],
  ["the standard introspection query", getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true })],
  [
    "a dashboard query",
    `{ me { id displayName shareValue snapshots { id value } } quotes(symbols: ["AAPL", "MSFT"]) { price change instrument { name } } priceHistory(symbol: "AAPL", limit: 500) { price at } }`,
  ],
];

/** CPU time (not wall time: the build machine's two cores are shared), best of 5 rounds of 500, in µs. */
function cpuMicrosPerMeasure(document: DocumentNode): number {
  for (let i = 0; i < 200; i++) measureOperation(document, { schema }); // warm up
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    const started = process.cpuUsage();
    for (let i = 0; i < 500; i++) measureOperation(document, { schema });
    const used = process.cpuUsage(started);
    best = Math.min(best, (used.user + used.system) / 500);
  }
  return best;
}

console.log("| document | bytes | CPU µs per measure | rootFields | aliases | depth | cost |");
console.log("|---|---|---|---|---|---|---|");
for (const [name, query] of cases) {
  const document = parse(query);
  const m = measureOperation(document, { schema });
  const big = (n: number) => (n >= 1e6 ? n.toExponential(2) : String(n));
  console.log(
    `| ${name} | ${query.length} | ${cpuMicrosPerMeasure(document).toFixed(1)} | ${big(m.rootFields)} | ${big(m.aliases)} | ${m.depth} | ${big(m.cost)} |`,
  );
}
