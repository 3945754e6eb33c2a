// Prints the heaviest functions of a V8 .cpuprofile by self time: `tsx bench/queries/top-frames.ts FILE [n=25]`.
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
const [file, n = "25"] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file!, "utf8")) as { nodes: ProfileNode[] };
const byFrame = new Map<string, number>();
let total = 0;
for (const node of profile.nodes) {
  const hits = node.hitCount ?? 0;
  total += hits;
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*\/(gateway|packages)\//, "$1/");
  const key = `${functionName || "(anonymous)"} ${where}:${lineNumber + 1}`;
  byFrame.set(key, (byFrame.get(key) ?? 0) + hits);
}
const top = [...byFrame.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(n));
for (const [frame, hits] of top) console.log(`${((hits / total) * 100).toFixed(1).padStart(5)} %  ${frame}`);
