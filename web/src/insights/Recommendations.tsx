// Instruments the analytics subgraph suggests, with why and the latest price (the market subgraph's Quote).
import type { InsightsQuery } from "@tickergraph/client";
import { formatPercent, formatPrice } from "../shell/format.js";

type Recommendation = NonNullable<InsightsQuery["me"]>["recommendations"][number];

export function Recommendations({ recommendations }: { recommendations: Recommendation[] }) {
  if (recommendations.length === 0) return <p className="muted">No recommendations yet.</p>;
  return (
    <ol className="list" aria-label="Recommendations" data-testid="recommendations">
      {recommendations.map(({ instrument, reason }) => (
        <li key={instrument.symbol}>
          <strong>{instrument.symbol}</strong> {instrument.name}
          {instrument.quote && (
            <span className="muted">
              {" "}
              · {formatPrice(instrument.quote.price)} ({formatPercent(instrument.quote.changePercent)})
            </span>
          )}
          <div className="small">{reason}</div>
        </li>
      ))}
    </ol>
  );
}
