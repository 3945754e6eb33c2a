import { describe, expect, it } from "vitest";
import { composeSupergraph, readSubgraphSources } from "../compose/compose-supergraph.js";

const header = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])`;

describe("composeSupergraph", () => {
  it("composes the repository's subgraphs", () => {
    const outcome = composeSupergraph(readSubgraphSources());
    expect(outcome.ok).toBe(true);
    if (outcome.ok) expect(outcome.apiSdl).toMatch(/type Subscription/);
  });

  it("names the subgraph and the problem when composition fails", () => {
    const outcome = composeSupergraph([
      { name: "a", url: "http://a", sdl: `${header}\ntype Query { price: Float }` },
      { name: "b", url: "http://b", sdl: `${header}\ntype Query { price: String }` },
    ]);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.errors.join("\n")).toMatch(/Query\.price[\s\S]*"a"[\s\S]*"b"|subgraph/);
  });

  it("reports an unparsable subgraph by name", () => {
    const outcome = composeSupergraph([{ name: "broken", url: "http://x", sdl: "type Query {" }]);
    expect(outcome).toEqual({ ok: false, errors: [expect.stringMatching(/^\[broken\] Syntax Error/)] });
  });
});
