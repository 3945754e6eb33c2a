// Distributed mode entry: the gateway as its own process.
import { loadConfig } from "@tickergraph/config";
import { runUntilSignal } from "@tickergraph/service";
import { start } from "./index.js";

const config = loadConfig();
await runUntilSignal("gateway", config, () => start(config));
