// The caller's spending (Spending): the total, and per instrument, highest total first.
import type { InsightsQuery } from "@tickergraph/client";
import { formatDateTime, formatPrice } from "../shell/format.js";

type SpendingData = NonNullable<InsightsQuery["me"]>["spending"];

export function Spending({ spending }: { spending: SpendingData }) {
  if (spending.purchases === 0) return <p className="muted">Nothing bought yet: buy on the Market page.</p>;
  return (
    <>
      <p className="big" data-testid="spending-total">
        {formatPrice(spending.total)}
      </p>
      <p className="muted small">
        {spending.purchases} purchase{spending.purchases === 1 ? "" : "s"}
        {spending.updatedAt ? ` · last ${formatDateTime(spending.updatedAt)}` : ""}
      </p>
      <ul className="list" aria-label="Spending per instrument" data-testid="spending-by-symbol">
        {spending.bySymbol.map((line) => (
          <li key={line.symbol} className="row">
            <strong>
              {line.quantity} {line.symbol}
            </strong>
            <span className="num">{formatPrice(line.total)}</span>
          </li>
        ))}
      </ul>
    </>
  );
}
