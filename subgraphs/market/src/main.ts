// Distributed mode entry: the market subgraph as its own process.
import { loadConfig } from "@tickergraph/config";
import { runUntilSignal } from "@tickergraph/service";
import { start } from "./index.js";

const config = loadConfig();
await runUntilSignal("market", config, () => start(config));
