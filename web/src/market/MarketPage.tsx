// The market: all instruments with live prices, change % and a sparkline; candles and the buy form for the one
// selected. The table itself does not re-render on ticks (rows read the quote store).
import { useCallback, useState } from "react";
import { BuyForm } from "./BuyForm.js";
import { CandlePanel } from "./CandlePanel.js";
import { useInstruments } from "./market-feed.js";
import { QuoteRow } from "./QuoteRow.js";
import { PurchaseList } from "../portfolio/PurchaseList.js";

export function MarketPage() {
  const { data, error } = useInstruments();
  const [selected, setSelected] = useState<string | null>(null);
  const select = useCallback((symbol: string) => setSelected(symbol), []);
  if (error)
    return (
      <p role="alert" className="error">
        {error.message}
      </p>
    );
  const instruments = data?.instruments ?? [];
  const current = selected ?? instruments[0]?.symbol ?? null;
  const instrument = instruments.find((i) => i.symbol === current);

  return (
    <div className="grid market">
      <section className="card" aria-labelledby="market-heading">
        <h2 id="market-heading">
          Market <span className="muted small">{instruments.length} instruments, live</span>
        </h2>
        <div className="table-scroll">
          <table aria-labelledby="market-heading">
            <thead>
              <tr>
                <th scope="col">Instrument</th>
                <th scope="col" className="num">
                  Price
                </th>
                <th scope="col" className="num">
                  Change
                </th>
                <th scope="col">Trend</th>
              </tr>
            </thead>
            <tbody>
              {instruments.map((i) => (
                <QuoteRow
                  key={i.symbol}
                  symbol={i.symbol}
                  name={i.name}
                  kind={i.kind}
                  selected={i.symbol === current}
                  onSelect={select}
                />
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {instrument && (
        <section className="card" aria-labelledby="instrument-heading">
          <h2 id="instrument-heading">
            {instrument.symbol} <span className="muted small">{instrument.name}</span>
          </h2>
          <CandlePanel symbol={instrument.symbol} />
          <BuyForm symbol={instrument.symbol} currency={instrument.currency} />
          <h3>My purchases</h3>
          <PurchaseList limit={5} />
        </section>
      )}
    </div>
  );
}
