// Prints the heaviest functions of a V8 .cpuprofile, by self time and by total (inclusive) time:
// `tsx bench/queries/top-frames.ts FILE [n=25]`. Module loading at start-up shows too; read past it.
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
const [file, n = "25"] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file!, "utf8")) as { nodes: ProfileNode[] };
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const label = (node: ProfileNode) => {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*\/(gateway|packages)\//, "$1/");
  return `${functionName || "(anonymous)"} ${where}:${lineNumber + 1}`;
};
const self = new Map<string, number>();
const inclusive = new Map<string, number>();
let total = 0;
// Inclusive time counts a frame once per sample even when it recurses: walk each root with the frames on the path.
function walk(node: ProfileNode, onPath: Set<string>): number {
  const key = label(node);
  const hits = node.hitCount ?? 0;
  total += hits;
  self.set(key, (self.get(key) ?? 0) + hits);
  const nested = new Set(onPath).add(key);
  let subtree = hits;
  for (const child of node.children ?? []) subtree += walk(nodes.get(child)!, nested);
  if (!onPath.has(key)) inclusive.set(key, (inclusive.get(key) ?? 0) + subtree);
  return subtree;
}
walk(profile.nodes[0]!, new Set());
const print = (title: string, table: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [frame, hits] of [...table.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(n))) {
    console.log(`${((hits / total) * 100).toFixed(1).padStart(5)} %  ${frame}`);
  }
};
print("self time", self);
print("total time", inclusive);
