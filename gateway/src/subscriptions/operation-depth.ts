// Depth of an operation's selection (fragments expanded), to refuse abusive nesting before planning.
import { Kind, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from "graphql";

export function operationDepth(document: DocumentNode): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const depthOf = (set: SelectionSetNode | undefined, visiting: Set<string>): number => {
    if (!set) return 0;
    let max = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) max = Math.max(max, selection.selectionSet ? 1 + depthOf(selection.selectionSet, visiting) : 1);
      else if (selection.kind === Kind.INLINE_FRAGMENT) max = Math.max(max, depthOf(selection.selectionSet, visiting));
      else {
        const name = selection.name.value;
        if (visiting.has(name)) continue; // a cycle is a validation error reported elsewhere
        visiting.add(name);
        max = Math.max(max, depthOf(fragments.get(name)?.selectionSet, visiting));
        visiting.delete(name);
      }
    }
    return max;
  };
  let depth = 0;
  for (const d of document.definitions) if (d.kind === Kind.OPERATION_DEFINITION) depth = Math.max(depth, depthOf(d.selectionSet, new Set()));
  return depth;
}
