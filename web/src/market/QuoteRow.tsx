// One instrument's row: subscribes to its own symbol in the quote store, so a tick re-renders this row only.
import { memo } from "react";
import { LineChart } from "../charts/LineChart.js";
import { formatPercent, formatPrice } from "../shell/format.js";
import { useLiveQuote } from "./quote-store.js";

interface QuoteRowProps {
  symbol: string;
  name: string;
  kind: string;
  selected: boolean;
  onSelect: (symbol: string) => void;
}

export const QuoteRow = memo(function QuoteRow({ symbol, name, kind, selected, onSelect }: QuoteRowProps) {
  const quote = useLiveQuote(symbol);
  const direction = !quote ? "" : quote.changePercent >= 0 ? "up" : "down";
  return (
    <tr aria-selected={selected} data-symbol={symbol}>
      <th scope="row">
        <button
          type="button"
          className="link"
          onClick={() => onSelect(symbol)}
          aria-label={`Show candles and buy ${symbol}`}
          aria-pressed={selected}
        >
          {symbol}
        </button>
        <div className="muted small">
          {name}
          <span className="instrument-kind"> · {kind.toLowerCase()}</span>
        </div>
      </th>
      <td className="num" data-testid={`price-${symbol}`}>
        {quote ? formatPrice(quote.price) : "—"}
      </td>
      <td className={`num ${direction}`}>{quote ? formatPercent(quote.changePercent) : "—"}</td>
      <td className="spark">
        <LineChart values={quote?.recent ?? []} width={96} height={28} label={`${symbol} recent prices`} />
      </td>
    </tr>
  );
});
