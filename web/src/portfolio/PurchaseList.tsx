// The signed-in user's purchases, newest first (refetched by the buy form after each purchase).
import { useQuery } from "@apollo/client/react";
import { MyPurchasesDocument } from "@tickergraph/client";
import { formatDateTime, formatPrice } from "../shell/format.js";

export function PurchaseList({ limit = 10 }: { limit?: number }) {
  const { data, error } = useQuery(MyPurchasesDocument);
  if (error)
    return (
      <p role="alert" className="error">
        {error.message}
      </p>
    );
  const purchases = data?.myPurchases ?? [];
  if (purchases.length === 0) return <p className="muted">No purchases yet.</p>;
  return (
    <ul className="list" aria-label="Purchases" data-testid="purchases">
      {purchases.slice(0, limit).map((p) => (
        <li key={p.id}>
          <strong>
            {p.quantity} {p.symbol}
          </strong>{" "}
          at {formatPrice(p.price)} = {formatPrice(p.total)} <span className="muted">{formatDateTime(p.at)}</span>
        </li>
      ))}
    </ul>
  );
}
