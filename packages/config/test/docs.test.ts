import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { envSchema } from "../src/config.js";
import { CONFIG_DOCS, renderConfigTable, withConfigTable } from "../src/docs.js";

describe("the README's configuration table", () => {
  it("is exactly what the env schema renders (run `npm run docs:config` after changing packages/config)", () => {
    const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
    expect(withConfigTable(readme)).toBe(readme);
  });

  it("documents every variable the schema reads, once, and nothing else", () => {
    const variables = Object.keys(envSchema.shape);
    expect(Object.keys(CONFIG_DOCS).sort()).toEqual([...variables].sort());
    for (const variable of variables) expect(CONFIG_DOCS[variable as keyof typeof CONFIG_DOCS].meaning).not.toBe("");
    const rows = renderConfigTable()
      .split("\n")
      .filter((line) => line.startsWith("| `"));
    expect(rows.map((row) => row.split("`")[1])).toEqual(variables);
  });

  it("shows each default as the schema parses it, and every value an enum accepts", () => {
    const row = (variable: string) =>
      renderConfigTable()
        .split("\n")
        .find((line) => line.startsWith(`| \`${variable}\` |`));
    expect(row("OPERATION_MAX_DEPTH")).toContain("| 12 |");
    expect(row("DB_SCHEMA_PREFIX")).toContain("| (empty) |");
    expect(row("LOG_LEVEL")).toContain("`fatal`");
  });
});
