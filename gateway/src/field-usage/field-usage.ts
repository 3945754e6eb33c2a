// Which schema fields clients request: a Prometheus counter by type and field (bounded by the schema: only fields
// that exist in it are counted, once per operation), and an in-memory { count, lastSeen } per field that
// GET /usage exports for `npm run schema:check -- --usage` (scripts/schema-check/usage.ts reads both forms).
import { Supergraph } from "@apollo/federation-internals";
import type { DocumentNode, GraphQLSchema } from "graphql";
import { TypeInfo, visit, visitWithTypeInfo } from "graphql";
import client from "prom-client";

export const FIELD_USAGE_METRIC = "tickergraph_gateway_field_usage_total";

export interface FieldUsageExport {
  format: "tickergraph-field-usage";
  version: 1;
  generatedAt: string;
  fields: Record<string, { count: number; lastSeen: string }>;
}

export class FieldUsage {
  private readonly counter: client.Counter<"type" | "field">;
  private readonly uses = new Map<string, { count: number; lastSeen: number }>();
  /** Apollo keeps parsed documents in its cache, so a repeated operation is the same object: walk it once. */
  private readonly coordinatesByDocument = new WeakMap<DocumentNode, string[]>();

  constructor(
    private readonly schema: GraphQLSchema,
    registry: client.Registry,
  ) {
    // The gateway's own registry; a second FieldUsage on it (a test's) shares the one counter.
    this.counter =
      (registry.getSingleMetric(FIELD_USAGE_METRIC) as client.Counter<"type" | "field"> | undefined) ??
      new client.Counter({
        name: FIELD_USAGE_METRIC,
        help: "Operations that requested each schema field (once per operation), by parent type and field",
        labelNames: ["type", "field"],
        registers: [registry],
      });
  }

  /** The API schema clients see, from the supergraph the gateway serves. */
  static forSupergraph(supergraphSdl: string, registry: client.Registry): FieldUsage {
    return new FieldUsage(Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema(), registry);
  }

  /** Counts every field of one operation the client ran (call it once the document is known to be valid). */
  record(document: DocumentNode, now = Date.now()): void {
    let coordinates = this.coordinatesByDocument.get(document);
    if (!coordinates) {
      coordinates = this.fieldsOf(document);
      this.coordinatesByDocument.set(document, coordinates);
    }
    for (const coordinate of coordinates) {
      const [type, field] = coordinate.split(".") as [string, string];
      this.counter.inc({ type, field });
      const use = this.uses.get(coordinate);
      if (use) {
        use.count++;
        use.lastSeen = now;
      } else {
        this.uses.set(coordinate, { count: 1, lastSeen: now });
      }
    }
  }

  export(now = new Date()): FieldUsageExport {
    const fields: FieldUsageExport["fields"] = {};
    for (const [coordinate, use] of [...this.uses].sort(([a], [b]) => a.localeCompare(b))) {
      fields[coordinate] = { count: use.count, lastSeen: new Date(use.lastSeen).toISOString() };
    }
    return { format: "tickergraph-field-usage", version: 1, generatedAt: now.toISOString(), fields };
  }

  private fieldsOf(document: DocumentNode): string[] {
    const fields = new Set<string>();
    const typeInfo = new TypeInfo(this.schema);
    visit(
      document,
      visitWithTypeInfo(typeInfo, {
        Field() {
          const parent = typeInfo.getParentType();
          const field = typeInfo.getFieldDef();
          // Only fields the schema has (never a label a client made up); introspection is not client data.
          if (parent && field && !field.name.startsWith("__") && !parent.name.startsWith("__"))
            fields.add(`${parent.name}.${field.name}`);
        },
      }),
    );
    return [...fields];
  }
}
