// Renders a CheckReport for a terminal or as Markdown (a CI job summary, a PR comment).
import type { AffectedOperation } from "./changes.js";
import type { CheckReport, ReviewedChange } from "./check.js";

export function renderTerminal(report: CheckReport, approvalsPath: string): string {
  const lines: string[] = [`Schema check against ${report.baseline}`, `  ${context(report)}`, ""];
  if (report.compositionErrors.length > 0) {
    lines.push(`✖ Composition failed with ${report.compositionErrors.length} error(s):`);
    for (const error of report.compositionErrors) {
      lines.push(`  - ${subgraphLabel(error.subgraphs)}${error.message}`);
    }
  }
  if (report.breaking.length > 0) {
    const pending = report.breaking.filter((change) => !change.approvedBecause).length;
    lines.push(`✖ ${report.breaking.length} breaking change(s), ${pending} not approved:`);
    for (const change of report.breaking) lines.push(...terminalChange(change, approvalsPath));
  }
  if (report.dangerous.length > 0) {
    lines.push(`⚠ ${report.dangerous.length} dangerous change(s) (warnings):`);
    for (const change of report.dangerous) lines.push(...terminalChange(change, approvalsPath));
  }
  if (report.safe.length > 0) {
    lines.push(`✓ ${report.safe.length} safe change(s): ${report.safe.map((change) => change.id).join(", ")}`);
  }
  if (
    report.compositionErrors.length === 0 &&
    report.breaking.length + report.dangerous.length + report.safe.length === 0
  ) {
    lines.push("✓ No schema changes.");
  }
  for (const approval of report.unusedApprovals) {
    lines.push(`ℹ ${approvalsPath}: "${approval.id}" matches no change now; the entry can be removed.`);
  }
  lines.push("", verdict(report));
  return `${lines.join("\n")}\n`;
}

function terminalChange(change: ReviewedChange, approvalsPath: string): string[] {
  const lines = ["", `  ${change.id}  ${subgraphLabel(change.subgraphs).trim()}`, `    ${change.message}`];
  const verb = change.severity === "breaking" ? "breaks" : "affects";
  const operations = change.operations.map(operationLabel);
  lines.push(`    ${verb}: ${operations.length > 0 ? operations.join("; ") : "no known client operation"}`);
  if (change.recentUse !== undefined) lines.push(`    recent use: ${useLabel(change)}`);
  lines.push(`    fix: ${change.suggestion}`);
  if (change.severity === "breaking") {
    lines.push(
      change.approvedBecause
        ? `    approved: ${change.approvedBecause}`
        : `    to accept it: add { "id": "${change.id}", "reason": "…" } to ${approvalsPath}`,
    );
  }
  return lines;
}

export function renderMarkdown(report: CheckReport, approvalsPath: string): string {
  const out: string[] = [
    `## Schema check: ${report.passed ? "passed ✅" : "failed ❌"}`,
    "",
    `Compared with ${report.baseline}. ${context(report)}.`,
    "",
  ];
  if (report.compositionErrors.length > 0) {
    out.push("### Composition errors", "", "| subgraphs | error |", "|---|---|");
    for (const error of report.compositionErrors)
      out.push(`| ${error.subgraphs.join(", ") || "—"} | ${cell(error.message)} |`);
    out.push("");
  }
  const table = (title: string, changes: ReviewedChange[], withApproval: boolean) => {
    if (changes.length === 0) return;
    const usage = changes.some((change) => change.recentUse !== undefined);
    out.push(`### ${title}`, "");
    out.push(
      `| change | subgraph | client operations it ${withApproval ? "breaks" : "affects"} |${usage ? " recent use |" : ""} suggested fix |${withApproval ? " approval |" : ""}`,
    );
    out.push(`|---|---|---|${usage ? "---|" : ""}---|${withApproval ? "---|" : ""}`);
    for (const change of changes) {
      const operations =
        change.operations.map((operation) => cell(operationLabel(operation))).join("<br>") || "none known";
      const approval = change.approvedBecause
        ? `approved: ${cell(change.approvedBecause)}`
        : `**not approved** (add \`${change.id}\` to \`${approvalsPath}\`)`;
      out.push(
        `| \`${change.id}\`<br>${cell(change.message)} | ${change.subgraphs.join(", ") || "—"} | ${operations} |${usage ? ` ${cell(useLabel(change))} |` : ""} ${cell(change.suggestion)} |${withApproval ? ` ${approval} |` : ""}`,
      );
    }
    out.push("");
  };
  table("Breaking changes", report.breaking, true);
  table("Dangerous changes (warnings)", report.dangerous, false);
  if (report.safe.length > 0)
    out.push(`### Safe changes`, "", report.safe.map((change) => `- \`${change.id}\``).join("\n"), "");
  if (report.unusedApprovals.length > 0) {
    out.push(
      `Approvals that match no change now (can be removed): ${report.unusedApprovals.map((a) => `\`${a.id}\``).join(", ")}`,
      "",
    );
  }
  out.push(`**${verdict(report)}**`, "");
  return out.join("\n");
}

function context(report: CheckReport): string {
  const usage = report.usage ? ` · usage: ${report.usage}` : "";
  return `subgraphs: ${report.subgraphs.join(", ")} · ${report.operationsScanned} client operation(s) scanned${usage}`;
}

function verdict(report: CheckReport): string {
  if (report.compositionErrors.length > 0) return "FAILED: the subgraphs do not compose.";
  const pending = report.breaking.filter((change) => !change.approvedBecause).length;
  if (pending > 0) return `FAILED: ${pending} breaking change(s) not approved.`;
  const warnings = report.dangerous.length > 0 ? ` with ${report.dangerous.length} warning(s)` : "";
  return `PASSED${warnings}.`;
}

function operationLabel(operation: AffectedOperation): string {
  return `${operation.kind} ${operation.name} (${operation.sources.join(", ")})`;
}

function subgraphLabel(subgraphs: string[]): string {
  return subgraphs.length > 0 ? `[subgraph ${subgraphs.join(", ")}] ` : "";
}

function useLabel(change: ReviewedChange): string {
  if (!change.recentUse) return "not requested in the usage window";
  const last = change.recentUse.lastSeen ? `, last ${change.recentUse.lastSeen}` : "";
  return `requested ${change.recentUse.count} time(s)${last}`;
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}
