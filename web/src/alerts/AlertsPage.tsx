// Alerts: create ABOVE / BELOW (threshold prefilled with the live price), the list with status, cancel.
import type { FormEvent } from "react";
import { useState } from "react";
import { useMutation, useQuery } from "@apollo/client/react";
import type { AlertDirection } from "@tickergraph/client";
import { CancelAlertDocument, CreateAlertDocument, MyAlertsDocument } from "@tickergraph/client";
import { formatDateTime, formatPrice } from "../shell/format.js";
import { useInstruments } from "../market/market-feed.js";
import { useLiveQuote } from "../market/quote-store.js";

export function AlertsPage() {
  const alerts = useQuery(MyAlertsDocument);
  const [cancelAlert] = useMutation(CancelAlertDocument);
  const [cancelError, setCancelError] = useState<string | null>(null);
  const cancel = (id: string) =>
    cancelAlert({ variables: { id } }).catch((failure: Error) => setCancelError(failure.message));

  return (
    <div className="grid">
      <section className="card" aria-labelledby="new-alert-heading">
        <h2 id="new-alert-heading">New alert</h2>
        <CreateAlertForm />
      </section>
      <section className="card" aria-labelledby="alerts-heading">
        <h2 id="alerts-heading">My alerts</h2>
        {alerts.error && (
          <p role="alert" className="error">
            {alerts.error.message}
          </p>
        )}
        {cancelError && (
          <p role="alert" className="error">
            {cancelError}
          </p>
        )}
        {alerts.data?.myAlerts.length === 0 && <p className="muted">No alerts yet.</p>}
        <ul className="list" aria-label="Alerts" data-testid="alerts">
          {alerts.data?.myAlerts.map((alert) => (
            <li key={alert.id} className="row">
              <span>
                <strong>{alert.symbol}</strong> {alert.direction.toLowerCase()} {formatPrice(alert.threshold)}{" "}
                <span className={`status status-${alert.status.toLowerCase()}`}>{alert.status}</span>
                {alert.triggeredAt && (
                  <span className="muted small">
                    {" "}
                    at {formatPrice(alert.triggeredPrice ?? 0)}, {formatDateTime(alert.triggeredAt)}
                  </span>
                )}
              </span>
              {alert.status === "ACTIVE" && (
                <button
                  type="button"
                  onClick={() => void cancel(alert.id)}
                  aria-label={`Cancel the ${alert.symbol} ${alert.direction.toLowerCase()} ${alert.threshold} alert`}
                >
                  Cancel
                </button>
              )}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

function CreateAlertForm() {
  const { data } = useInstruments();
  const [symbol, setSymbol] = useState("AAPL");
  const [direction, setDirection] = useState<AlertDirection>("ABOVE");
  const [threshold, setThreshold] = useState("");
  const quote = useLiveQuote(symbol);
  const [createAlert, creating] = useMutation(CreateAlertDocument, { refetchQueries: [MyAlertsDocument] });
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await createAlert({ variables: { input: { symbol, direction, threshold: Number(threshold) } } });
      setThreshold("");
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  };

  return (
    <form onSubmit={submit} className="stack" aria-label="New alert">
      <label>
        Instrument
        <select value={symbol} onChange={(e) => setSymbol(e.target.value)}>
          {(data?.instruments ?? [{ symbol: "AAPL", name: "" }]).map((i) => (
            <option key={i.symbol} value={i.symbol}>
              {i.symbol} {i.name}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="inline">
        <legend>Direction</legend>
        {(["ABOVE", "BELOW"] as const).map((d) => (
          <label key={d} className="radio">
            <input type="radio" name="direction" value={d} checked={direction === d} onChange={() => setDirection(d)} />{" "}
            {d.toLowerCase()}
          </label>
        ))}
      </fieldset>
      <label>
        Threshold
        <input
          type="number"
          step="any"
          min="0"
          value={threshold}
          placeholder={quote ? formatPrice(quote.price) : ""}
          onChange={(e) => setThreshold(e.target.value)}
          required
          inputMode="decimal"
        />
      </label>
      <p className="muted small" data-testid="alert-current-price">
        {quote ? `${symbol} now ${formatPrice(quote.price)}` : "waiting for a price…"}
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit" className="primary" disabled={creating.loading}>
        Create alert
      </button>
    </form>
  );
}
