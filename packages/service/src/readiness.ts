// /ready: every dependency must answer, within a deadline. Each check reports its own name so an operator sees
// what is down; a hung dependency counts as down rather than hanging the probe.
import { withDeadline } from "@tickergraph/timers";

export type HealthChecks = Record<string, () => Promise<boolean>>;

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, boolean>;
}

export async function runHealthChecks(checks: HealthChecks, timeoutMs = 2000): Promise<ReadinessReport> {
  const results = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => [name, await withinDeadline(name, check, timeoutMs)] as const),
  );
  return { ready: results.every(([, ok]) => ok), checks: Object.fromEntries(results) };
}

async function withinDeadline(name: string, check: () => Promise<boolean>, ms: number): Promise<boolean> {
  try {
    return (await withDeadline(Promise.resolve().then(check), ms, `the ${name} check`)) === true;
  } catch {
    return false;
  }
}
