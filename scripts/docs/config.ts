// Writes the README's configuration table from packages/config (the env schema and each variable's meaning).
import { readFileSync, writeFileSync } from "node:fs";
import { withConfigTable } from "../../packages/config/src/docs.js";

const readmeUrl = new URL("../../README.md", import.meta.url);
const before = readFileSync(readmeUrl, "utf8");
const after = withConfigTable(before);
if (after !== before) writeFileSync(readmeUrl, after);
process.stdout.write(after === before ? "README config table is up to date\n" : "README config table rewritten\n");
