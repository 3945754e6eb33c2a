// Distributed mode entry: the notification subgraph as its own process.
import { loadConfig } from "@tickergraph/config";
import { runUntilSignal } from "@tickergraph/service";
import { start } from "./index.js";

await runUntilSignal("notification", () => start(loadConfig()));
