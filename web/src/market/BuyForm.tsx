// Buy at the current price; the purchase goes straight into the cached purchase list (no second request to fail).
import type { FormEvent } from "react";
import { useState } from "react";
import { useMutation } from "@apollo/client/react";
import { BuyDocument, MyPurchasesDocument } from "@tickergraph/client";
import { formatPrice } from "../shell/format.js";
import { useLiveQuote } from "./quote-store.js";

export function BuyForm({ symbol, currency }: { symbol: string; currency: string }) {
  const quote = useLiveQuote(symbol);
  const [quantity, setQuantity] = useState("1");
  const [buy, buying] = useMutation(BuyDocument, {
    update: (cache, { data }) => {
      const purchase = data?.buy;
      if (!purchase) return;
      cache.updateQuery({ query: MyPurchasesDocument }, (existing) =>
        existing
          ? { ...existing, myPurchases: [purchase, ...existing.myPurchases.filter((p) => p.id !== purchase.id)] }
          : existing,
      );
    },
  });
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    try {
      const result = await buy({ variables: { symbol, quantity: Number(quantity) } });
      const purchase = result.data?.buy;
      if (purchase)
        setMessage({
          ok: true,
          text: `Bought ${purchase.quantity} ${purchase.symbol} at ${formatPrice(purchase.price)} (${formatPrice(purchase.total)} ${currency})`,
        });
    } catch (failure) {
      setMessage({ ok: false, text: failure instanceof Error ? failure.message : String(failure) });
    }
  };

  return (
    <form onSubmit={submit} className="inline" aria-label={`Buy ${symbol}`}>
      <label>
        Quantity
        <input
          type="number"
          min="0"
          step="any"
          value={quantity}
          onChange={(e) => setQuantity(e.target.value)}
          required
          inputMode="decimal"
        />
      </label>
      <span className="muted">{quote ? `at ${formatPrice(quote.price)} ${currency}` : ""}</span>
      <button type="submit" className="primary" disabled={buying.loading}>
        Buy {symbol}
      </button>
      {message && (
        <p role={message.ok ? "status" : "alert"} className={message.ok ? "ok" : "error"}>
          {message.text}
        </p>
      )}
    </form>
  );
}
