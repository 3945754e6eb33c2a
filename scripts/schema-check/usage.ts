// Field usage exports read by `schema:check --usage`: how often a field was requested recently, so a reviewer sees
// whether a removed field still has callers. Two formats:
//  - the gateway's own (GET /usage): { format: "tickergraph-field-usage", version: 1, generatedAt,
//    fields: { "Type.field": { count, lastSeen } } } — counts since that gateway started;
//  - a Prometheus instant-query result (GET /api/v1/query) over tickergraph_gateway_field_usage_total, e.g.
//    `sum by (type, field) (increase(tickergraph_gateway_field_usage_total[30d]))` — every instance, any window.
import { z } from "zod";

export interface FieldUse {
  count: number;
  /** ISO time of the last request; unknown for a Prometheus result (the window is the query's). */
  lastSeen: string | undefined;
}

export interface UsageReport {
  /** How the export was read, for the report. */
  description: string;
  /** Use of a coordinate within the window: a type's removal counts every field of it. */
  use(coordinate: string): FieldUse | undefined;
}

const gatewayExport = z.object({
  format: z.literal("tickergraph-field-usage"),
  version: z.literal(1),
  generatedAt: z.string(),
  fields: z.record(z.string(), z.object({ count: z.number().int().nonnegative(), lastSeen: z.string() })),
});

const prometheusResult = z.object({
  status: z.literal("success"),
  data: z.object({
    resultType: z.literal("vector"),
    result: z.array(z.object({ metric: z.record(z.string(), z.string()), value: z.tuple([z.number(), z.string()]) })),
  }),
});

export function readUsage(json: string, days: number, now = new Date()): UsageReport {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    throw new Error(`usage export is not valid JSON: ${(error as Error).message}`);
  }
  const since = now.getTime() - days * 86_400_000;
  const own = gatewayExport.safeParse(data);
  if (own.success) {
    const recent = new Map(
      Object.entries(own.data.fields).filter(([, use]) => use.count > 0 && Date.parse(use.lastSeen) >= since),
    );
    return {
      description: `gateway usage export of ${own.data.generatedAt}, requests in the last ${days} day(s)`,
      use: (coordinate) => aggregate(recent, coordinate),
    };
  }
  const prometheus = prometheusResult.safeParse(data);
  if (prometheus.success) {
    const counts = new Map<string, FieldUse>();
    for (const sample of prometheus.data.data.result) {
      const { type, field } = sample.metric;
      const count = Math.round(Number(sample.value[1]));
      if (type && field && count > 0) counts.set(`${type}.${field}`, { count, lastSeen: undefined });
    }
    return {
      description: "Prometheus query result (window as queried)",
      use: (coordinate) => aggregate(counts, coordinate),
    };
  }
  throw new Error(
    'usage export: expected the gateway\'s GET /usage JSON ({ "format": "tickergraph-field-usage", … }) or a Prometheus instant-query vector with `type` and `field` labels',
  );
}

/** `Type.field` exactly; for `Type` every field of it; for an argument `Type.field.arg` its field. */
function aggregate(uses: Map<string, FieldUse>, coordinate: string): FieldUse | undefined {
  const parts = coordinate.split(".");
  const field = parts.length >= 2 ? `${parts[0]}.${parts[1]}` : undefined;
  if (field) return uses.get(field);
  let total: FieldUse | undefined;
  for (const [key, use] of uses) {
    if (!key.startsWith(`${coordinate}.`)) continue;
    total = {
      count: (total?.count ?? 0) + use.count,
      lastSeen: [total?.lastSeen, use.lastSeen]
        .filter((t): t is string => !!t)
        .sort()
        .at(-1),
    };
  }
  return total;
}
