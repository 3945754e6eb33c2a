// App-wide: the caller's alerts as they fire (alertTriggered), shown as a banner with a beep on any page. The
// subscription's Alert carries the same fields as the list, so Apollo's cache updates the alert's status there too.
import { useState } from "react";
import { useSubscription } from "@apollo/client/react";
import type { AlertTriggeredSubscription } from "@tickergraph/client";
import { AlertTriggeredDocument } from "@tickergraph/client";
import { formatPrice } from "../shell/format.js";
import { beep } from "./beep.js";

type FiredAlert = AlertTriggeredSubscription["alertTriggered"];

export function AlertBanner() {
  const [fired, setFired] = useState<FiredAlert[]>([]);
  useSubscription(AlertTriggeredDocument, {
    onData: ({ data }) => {
      const alert = data.data?.alertTriggered;
      if (!alert) return;
      setFired((previous) => [alert, ...previous.filter((a) => a.id !== alert.id)].slice(0, 3));
      beep();
    },
  });
  if (fired.length === 0) return null;
  return (
    <div className="banners">
      {fired.map((alert) => (
        <div key={alert.id} role="alert" className="banner" data-testid="alert-banner">
          <span>
            <span className="badge">Alert</span> <strong>{alert.symbol}</strong> ({alert.quote.instrument.name}) went{" "}
            {alert.direction === "ABOVE" ? "above" : "below"} {formatPrice(alert.threshold)}:{" "}
            {alert.triggeredPrice === null || alert.triggeredPrice === undefined
              ? ""
              : formatPrice(alert.triggeredPrice)}
          </span>
          <button
            type="button"
            aria-label={`Dismiss the ${alert.symbol} alert`}
            onClick={() => setFired((previous) => previous.filter((a) => a.id !== alert.id))}
          >
            ✕
          </button>
        </div>
      ))}
    </div>
  );
}
