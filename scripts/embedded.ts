// `npm start`: the whole supergraph in one process (see scripts/embedded/launcher.ts). `--reset` wipes .data/.
import { loadConfig } from "@tickergraph/config";
import { runUntilSignal } from "@tickergraph/service";
import { buildWebIfStale } from "../web/scripts/build-if-stale.mjs";
import { startEmbedded } from "./embedded/launcher.js";

const reset = process.argv.includes("--reset");
// The dashboard at / is rebuilt here when its sources changed since the last build (npm install built it first).
buildWebIfStale();
const config = loadConfig(process.env, reset ? { db: { resetData: true } } : {});
await runUntilSignal("embedded", config, async () => {
  const stack = await startEmbedded(config);
  return { url: stack.gatewayUrl, stop: stack.stop };
});
