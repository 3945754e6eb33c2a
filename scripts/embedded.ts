// `npm start`: the whole supergraph in one process (see scripts/embedded/launcher.ts). `--reset` wipes .data/.
import { loadConfig } from "@tickergraph/config";
import { runUntilSignal } from "@tickergraph/service";
import { startEmbedded } from "./embedded/launcher.js";

const reset = process.argv.includes("--reset");
const config = loadConfig(process.env, reset ? { db: { resetData: true } } : {});
await runUntilSignal("embedded", async () => {
  const stack = await startEmbedded(config);
  return { url: stack.gatewayUrl, stop: stack.stop };
});
