import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CLOSE_CODES, ERROR_CODES } from "../src/index.js";
import { renderErrorTables, withErrorTables } from "../src/docs.js";

describe("the README's error tables", () => {
  it("are exactly what the registry renders (run `npm run docs:errors` after changing codes.ts)", () => {
    const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
    expect(withErrorTables(readme)).toBe(readme);
  });

  it("list every error code and close code once", () => {
    const [errorTable, closeTable] = renderErrorTables().split("| WebSocket close code |");
    for (const code of Object.keys(ERROR_CODES)) expect(errorTable!.split(`| \`${code}\` |`)).toHaveLength(2);
    for (const [name, { code }] of Object.entries(CLOSE_CODES))
      expect(closeTable!.split(`| ${code} | \`${name}\` |`)).toHaveLength(2);
  });
});
