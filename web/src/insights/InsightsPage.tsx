// Insights: the analytics subgraph's view of the caller — share-value movement over each window, snapshot
// statistics, spending per instrument and recommendations. The analytics subgraph has no subscription, so the page
// re-reads when something it summarises happens: a share-value move (shareValueChanged) or a new notification
// (a purchase or snapshot is announced in the inbox), at most one request in flight.
import { useRef } from "react";
import { useQuery, useSubscription } from "@apollo/client/react";
import { InsightsDocument, NotificationReceivedDocument, ShareValueChangedDocument } from "@tickergraph/client";
import { formatDateTime, formatOptional, formatPrice } from "../shell/format.js";
import { Recommendations } from "./Recommendations.js";
import { ShareMovement } from "./ShareMovement.js";
import { Spending } from "./Spending.js";

const RECOMMENDATIONS = 5;

export function InsightsPage() {
  const insights = useQuery(InsightsDocument, {
    variables: { recommendations: RECOMMENDATIONS },
    fetchPolicy: "cache-and-network",
  });
  const inFlight = useRef(false);
  const refresh = () => {
    if (inFlight.current) return;
    inFlight.current = true;
    insights
      .refetch()
      .catch(() => undefined) // the query's error state shows it
      .finally(() => {
        inFlight.current = false;
      });
  };
  useSubscription(ShareValueChangedDocument, { onData: refresh });
  useSubscription(NotificationReceivedDocument, { onData: refresh });

  const me = insights.data?.me;
  if (insights.error && !me)
    return (
      <p role="alert" className="error">
        {insights.error.message}
      </p>
    );
  if (!me) return <p className="muted">Loading…</p>;
  const snapshots = me.snapshotStats;
  return (
    <div className="grid">
      <section className="card wide" aria-labelledby="movement-heading">
        <h2 id="movement-heading">Share value movement</h2>
        <ShareMovement windows={[me.hour, me.day, me.week, me.all]} />
      </section>
      <section className="card" aria-labelledby="spending-heading">
        <h2 id="spending-heading">Spending</h2>
        <Spending spending={me.spending} />
      </section>
      <section className="card" aria-labelledby="recommendations-heading">
        <h2 id="recommendations-heading">Recommended for you</h2>
        <Recommendations recommendations={me.recommendations} />
      </section>
      <section className="card" aria-labelledby="snapshot-stats-heading">
        <h2 id="snapshot-stats-heading">Snapshots</h2>
        {snapshots.count === 0 ? (
          <p className="muted">No snapshots yet.</p>
        ) : (
          <dl className="facts" data-testid="snapshot-stats">
            <dt>Saved</dt>
            <dd>{snapshots.count}</dd>
            <dt>Best / worst</dt>
            <dd>
              {formatOptional(snapshots.best, formatPrice)} / {formatOptional(snapshots.worst, formatPrice)}
            </dd>
            <dt>Average change</dt>
            <dd>{snapshots.averageChange === null ? "needs two" : formatPrice(snapshots.averageChange)}</dd>
            <dt>Last</dt>
            <dd>{snapshots.lastTakenAt ? formatDateTime(snapshots.lastTakenAt) : "–"}</dd>
          </dl>
        )}
      </section>
    </div>
  );
}
