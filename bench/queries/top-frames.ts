// Prints the heaviest functions of a V8 .cpuprofile, by self time and by total (inclusive) time:
// `tsx bench/queries/top-frames.ts FILE [n=25] [lastSeconds] [skipEndSeconds=0]`. With lastSeconds, only the samples
// of the profile's last seconds count (the bench's load phase), so module loading and warm-up at start-up stay out
// of the picture; skipEndSeconds leaves out the shutdown (requests cut off when the gateway stops).
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}
const [file, n = "25", lastSeconds, skipEndSeconds = "0"] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file!, "utf8")) as Profile;
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parents = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
const label = (node: ProfileNode) => {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*\/(gateway|packages)\//, "$1/");
  return `${functionName || "(anonymous)"} ${where}:${lineNumber + 1}`;
};

// Sample times are the running sum of timeDeltas; keep the samples of the last `lastSeconds`.
const times: number[] = [];
let t = 0;
for (const delta of profile.timeDeltas) {
  t += delta;
  times.push(t);
}
const end = times[times.length - 1]! - Number(skipEndSeconds) * 1e6;
const from = lastSeconds === undefined ? -Infinity : end - Number(lastSeconds) * 1e6;
const hits = new Map<number, number>();
for (let i = 0; i < profile.samples.length; i++) {
  if (times[i]! >= from && times[i]! <= end) hits.set(profile.samples[i]!, (hits.get(profile.samples[i]!) ?? 0) + 1);
}

const self = new Map<string, number>();
const inclusive = new Map<string, number>();
let total = 0;
// Inclusive time counts a frame once per sample even when it recurses: walk up each sampled node's stack.
for (const [id, count] of hits) {
  total += count;
  const leaf = label(nodes.get(id)!);
  self.set(leaf, (self.get(leaf) ?? 0) + count);
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) {
    const key = label(nodes.get(at)!);
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + count);
  }
}
const print = (title: string, table: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [frame, count] of [...table.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(n))) {
    console.log(`${((count / total) * 100).toFixed(1).padStart(5)} %  ${frame}`);
  }
};
print("self time", self);
print("total time", inclusive);
