// My share: the live share value with a chart of its recent moves, "Save Snapshot", the snapshot history (stored
// snapshots arrive on snapshotSaved), and my purchases.
import { useState } from "react";
import { useMutation, useQuery, useSubscription } from "@apollo/client/react";
import {
  MeDocument,
  SaveSnapshotDocument,
  ShareValueChangedDocument,
  SnapshotSavedDocument,
} from "@tickergraph/client";
import { LineChart } from "../charts/LineChart.js";
import { formatDateTime, formatPercent, formatPrice, formatTime } from "../shell/format.js";
import { PurchaseList } from "./PurchaseList.js";

const RECENT_MOVES = 60;

interface SnapshotRow {
  id: string;
  value: number;
  takenAt: string;
}

export function PortfolioPage() {
  const me = useQuery(MeDocument);
  const [live, setLive] = useState<{ value: number; previousValue: number; changedAt: string } | null>(null);
  const [moves, setMoves] = useState<number[]>([]);
  const [stored, setStored] = useState<SnapshotRow[]>([]);
  const [pending, setPending] = useState<string[]>([]);
  const [saveSnapshot, saving] = useMutation(SaveSnapshotDocument);

  useSubscription(ShareValueChangedDocument, {
    onData: ({ data }) => {
      const change = data.data?.shareValueChanged;
      if (!change) return;
      setLive(change);
      setMoves((previous) => [...previous, change.value].slice(-RECENT_MOVES));
    },
  });
  useSubscription(SnapshotSavedDocument, {
    onData: ({ data }) => {
      const snapshot = data.data?.snapshotSaved;
      if (!snapshot) return;
      setStored((previous) => (previous.some((s) => s.id === snapshot.id) ? previous : [snapshot, ...previous]));
      setPending((previous) => previous.filter((id) => id !== snapshot.id));
    },
  });

  const user = me.data?.me;
  if (me.error)
    return (
      <p role="alert" className="error">
        {me.error.message}
      </p>
    );
  if (!user) return <p className="muted">Loading…</p>;

  const value = live?.value ?? user.shareValue;
  const changedAt = live?.changedAt ?? user.shareValueUpdatedAt;
  const delta = live ? live.value - live.previousValue : 0;
  const history = [...stored, ...user.snapshots.filter((s) => !stored.some((t) => t.id === s.id))];

  const save = async () => {
    const result = await saveSnapshot();
    const id = result.data?.saveSnapshot.id;
    if (id && !stored.some((s) => s.id === id)) setPending((previous) => [...previous, id]);
  };

  return (
    <div className="grid">
      <section className="card" aria-labelledby="share-heading">
        <h2 id="share-heading">{user.displayName}'s share</h2>
        <p className="big" aria-live="polite" data-testid="share-value">
          {formatPrice(value)}
        </p>
        <p className={delta >= 0 ? "up" : "down"}>
          {live
            ? `${delta >= 0 ? "▲" : "▼"} ${formatPrice(Math.abs(delta))} (${formatPercent((delta / live.previousValue) * 100)})`
            : "waiting for the next move…"}
          <span className="muted"> · {formatTime(changedAt)}</span>
        </p>
        <LineChart values={moves} width={320} height={80} label="Recent share value moves" className="share-chart" />
        <button type="button" className="primary" onClick={save} disabled={saving.loading}>
          Save Snapshot
        </button>
        {pending.length > 0 && (
          <p className="muted" role="status">
            Saving snapshot…
          </p>
        )}
      </section>
      <section className="card" aria-labelledby="snapshots-heading">
        <h2 id="snapshots-heading">Snapshot history</h2>
        {history.length === 0 ? (
          <p className="muted">No snapshots yet: "Save Snapshot" keeps the current value.</p>
        ) : (
          <ol className="list" aria-label="Snapshots" data-testid="snapshot-history">
            {history.map((snapshot) => (
              <li key={snapshot.id}>
                <strong>{formatPrice(snapshot.value)}</strong>{" "}
                <span className="muted">{formatDateTime(snapshot.takenAt)}</span>
              </li>
            ))}
          </ol>
        )}
      </section>
      <section className="card" aria-labelledby="purchases-heading">
        <h2 id="purchases-heading">My purchases</h2>
        <PurchaseList />
      </section>
    </div>
  );
}
