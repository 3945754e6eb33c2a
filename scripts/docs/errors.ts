// Writes the README's error-code and close-code tables from packages/errors/src/codes.ts.
import { readFileSync, writeFileSync } from "node:fs";
import { withErrorTables } from "../../packages/errors/src/docs.js";

const readmeUrl = new URL("../../README.md", import.meta.url);
const before = readFileSync(readmeUrl, "utf8");
const after = withErrorTables(before);
if (after !== before) writeFileSync(readmeUrl, after);
process.stdout.write(after === before ? "README error tables are up to date\n" : "README error tables rewritten\n");
