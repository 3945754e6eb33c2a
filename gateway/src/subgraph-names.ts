// Reads the subgraph names a supergraph joins (from its `join__Graph` enum), so nothing is hard-coded.
import { Kind, parse, type EnumTypeDefinitionNode } from "graphql";

export function subgraphNames(supergraphSdl: string): string[] {
  const document = parse(supergraphSdl);
  const joinGraph = document.definitions.find(
    (d): d is EnumTypeDefinitionNode => d.kind === Kind.ENUM_TYPE_DEFINITION && d.name.value === "join__Graph",
  );
  return (joinGraph?.values ?? []).map((value) => {
    const graph = value.directives?.find((d) => d.name.value === "join__graph");
    const name = graph?.arguments?.find((a) => a.name.value === "name")?.value;
    return name?.kind === Kind.STRING ? name.value : value.name.value.toLowerCase();
  });
}
