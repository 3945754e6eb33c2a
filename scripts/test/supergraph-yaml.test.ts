// supergraph.yaml (rover's config) and `npm run compose` must describe the same supergraph: same subgraphs, same
// URLs, same federation version, same composed SDL.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { composeServices } from "@apollo/composition";
import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { composeSupergraph, readSubgraphSources } from "../compose/compose-supergraph.js";

interface RoverConfig {
  federation_version: string;
  subgraphs: Record<string, { routing_url: string; schema: { file: string } }>;
}

const config = parseYaml(readFileSync("supergraph.yaml", "utf8")) as RoverConfig;
const subgraphs = readSubgraphSources();

describe("supergraph.yaml (rover supergraph compose --config supergraph.yaml)", () => {
  it("lists exactly the subgraphs that have a schema in subgraphs/", () => {
    expect(Object.keys(config.subgraphs).sort()).toEqual(subgraphs.map((subgraph) => subgraph.name));
  });

  it("reads each subgraph's schema file and routes to the URL npm run compose uses", () => {
    for (const subgraph of subgraphs) {
      expect(config.subgraphs[subgraph.name]).toEqual({
        routing_url: subgraph.url,
        schema: { file: `./subgraphs/${subgraph.name}/schema.graphql` },
      });
    }
  });

  it("pins the federation version of the @apollo/composition we compose with", () => {
    const { version } = createRequire(import.meta.url)("@apollo/composition/package.json") as { version: string };
    expect(config.federation_version).toBe(`=${version}`);
  });

  it("composes to the same supergraph as npm run compose, which is the committed one", () => {
    const fromYaml = composeServices(
      Object.entries(config.subgraphs).map(([name, entry]) => ({
        name,
        url: entry.routing_url,
        typeDefs: parse(readFileSync(entry.schema.file, "utf8")),
      })),
    );
    expect(fromYaml.errors).toBeUndefined();
    const ours = composeSupergraph(subgraphs);
    if (!ours.ok) throw new Error(ours.errors.join("\n"));
    expect(fromYaml.supergraphSdl).toBe(ours.supergraphSdl);
    expect(fromYaml.supergraphSdl).toBe(readFileSync("schema/supergraph.graphql", "utf8"));
  });
});
