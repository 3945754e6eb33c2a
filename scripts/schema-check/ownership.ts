// Which subgraph owns a schema coordinate (`Type`, `Type.field`, `Type.field.arg`, `Enum.VALUE`): read from each
// subgraph's own SDL, so a breaking change can name the subgraph that made it.
import type { ConstDirectiveNode, DocumentNode } from "graphql";
import { Kind, parse } from "graphql";

export interface NamedSdl {
  name: string;
  sdl: string;
}

export type OwnerLookup = (coordinate: string) => string[];

export function ownershipIndex(subgraphs: NamedSdl[]): OwnerLookup {
  const owners = new Map<string, Set<string>>();
  const own = (coordinate: string, subgraph: string) => {
    let set = owners.get(coordinate);
    if (!set) {
      set = new Set();
      owners.set(coordinate, set);
    }
    set.add(subgraph);
  };
  for (const subgraph of subgraphs) {
    let document: DocumentNode;
    try {
      document = parse(subgraph.sdl);
    } catch {
      continue; // composition reports the syntax error with the subgraph's name
    }
    for (const definition of document.definitions) {
      if (!("name" in definition) || !definition.name || !isTypeDefinitionOrExtension(definition.kind)) continue;
      const typeName = definition.name.value;
      own(typeName, subgraph.name);
      if ("fields" in definition) {
        for (const field of definition.fields ?? []) {
          // An @external field is declared here but resolved by another subgraph.
          if (hasDirective(field.directives, "external")) continue;
          own(`${typeName}.${field.name.value}`, subgraph.name);
          for (const arg of "arguments" in field ? (field.arguments ?? []) : []) {
            own(`${typeName}.${field.name.value}.${arg.name.value}`, subgraph.name);
          }
        }
      }
      if ("values" in definition) {
        for (const value of definition.values ?? []) own(`${typeName}.${value.name.value}`, subgraph.name);
      }
    }
  }
  // The most specific coordinate that someone owns: a removed argument belongs to its field's subgraphs.
  return (coordinate) => {
    const parts = coordinate.split(".");
    for (let length = parts.length; length > 0; length--) {
      const found = owners.get(parts.slice(0, length).join("."));
      if (found) return [...found].sort();
    }
    return [];
  };
}

const TYPE_KINDS = new Set<string>([
  Kind.OBJECT_TYPE_DEFINITION,
  Kind.OBJECT_TYPE_EXTENSION,
  Kind.INTERFACE_TYPE_DEFINITION,
  Kind.INTERFACE_TYPE_EXTENSION,
  Kind.INPUT_OBJECT_TYPE_DEFINITION,
  Kind.INPUT_OBJECT_TYPE_EXTENSION,
  Kind.ENUM_TYPE_DEFINITION,
  Kind.ENUM_TYPE_EXTENSION,
  Kind.UNION_TYPE_DEFINITION,
  Kind.UNION_TYPE_EXTENSION,
  Kind.SCALAR_TYPE_DEFINITION,
  Kind.SCALAR_TYPE_EXTENSION,
]);

function isTypeDefinitionOrExtension(kind: string): boolean {
  return TYPE_KINDS.has(kind);
}

function hasDirective(directives: readonly ConstDirectiveNode[] | undefined, name: string): boolean {
  return (directives ?? []).some((directive) => directive.name.value === name);
}
