// Reads the subgraphs a supergraph joins (its `join__Graph` enum: name and composed URL), so nothing is hard-coded.
import type { EnumTypeDefinitionNode } from "graphql";
import { Kind, parse } from "graphql";

export interface SubgraphEndpoint {
  name: string;
  /** The URL composition recorded (`join__graph(url:)`); undefined when the supergraph has none. */
  url: string | undefined;
}

export function subgraphEndpoints(supergraphSdl: string): SubgraphEndpoint[] {
  const document = parse(supergraphSdl);
  const joinGraph = document.definitions.find(
    (d): d is EnumTypeDefinitionNode => d.kind === Kind.ENUM_TYPE_DEFINITION && d.name.value === "join__Graph",
  );
  return (joinGraph?.values ?? []).map((value) => {
    const graph = value.directives?.find((d) => d.name.value === "join__graph");
    const argument = (name: string) => {
      const found = graph?.arguments?.find((a) => a.name.value === name)?.value;
      return found?.kind === Kind.STRING && found.value !== "" ? found.value : undefined;
    };
    return { name: argument("name") ?? value.name.value.toLowerCase(), url: argument("url") };
  });
}

export function subgraphNames(supergraphSdl: string): string[] {
  return subgraphEndpoints(supergraphSdl).map((endpoint) => endpoint.name);
}
