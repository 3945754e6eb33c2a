// Composes the subgraph SDLs into a supergraph with @apollo/composition; pure apart from reading files.
import { composeServices } from "@apollo/composition";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse, printSchema } from "graphql";
import { defaultSubgraphPorts } from "@tickergraph/config";

/** Default ports by subgraph, from the config schema; the gateway overrides URLs at run time. */
const DEFAULT_PORTS: Record<string, number> = defaultSubgraphPorts();

export interface SubgraphSource {
  name: string;
  url: string;
  sdl: string;
}

export function readSubgraphSources(root = "subgraphs"): SubgraphSource[] {
  return readdirSync(root)
    .filter((name) => existsSync(join(root, name, "schema.graphql")))
    .sort()
    .map((name) => ({
      name,
      url: `http://127.0.0.1:${DEFAULT_PORTS[name] ?? 4100}/graphql`,
      sdl: readFileSync(join(root, name, "schema.graphql"), "utf8"),
    }));
}

export type CompositionOutcome = { ok: true; supergraphSdl: string; apiSdl: string } | { ok: false; errors: string[] };

export function composeSupergraph(sources: SubgraphSource[]): CompositionOutcome {
  const services = [];
  const errors: string[] = [];
  for (const source of sources) {
    try {
      services.push({ name: source.name, url: source.url, typeDefs: parse(source.sdl) });
    } catch (error) {
      errors.push(`[${source.name}] ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  const result = composeServices(services);
  if (result.errors) {
    return { ok: false, errors: result.errors.map((e) => describeCompositionError(e)) };
  }
  return {
    ok: true,
    supergraphSdl: result.supergraphSdl,
    apiSdl: printSchema(result.schema.toAPISchema().toGraphQLJSSchema()),
  };
}

/** Composition messages already name subgraphs in brackets; add the error code rover would show. */
function describeCompositionError(error: { message: string; extensions?: Record<string, unknown> }): string {
  const code = typeof error.extensions?.code === "string" ? `${error.extensions.code}: ` : "";
  return `${code}${error.message}`;
}
