// Distributed mode entry: the analytics subgraph as its own process.
import { loadConfig } from "@tickergraph/config";
import { runUntilSignal } from "@tickergraph/service";
import { start } from "./index.js";

const config = loadConfig();
await runUntilSignal("analytics", config, () => start(config));
