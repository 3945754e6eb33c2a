// Share-value statistics per window (ShareValueStats), one row each: how often and how far the value moved.
import type { ShareStatsFieldsFragment, StatsWindow } from "@tickergraph/client";
import { formatOptional, formatPercent, formatPrice } from "../shell/format.js";

const WINDOW_LABELS: Record<StatsWindow, string> = {
  HOUR: "Last hour",
  DAY: "Last day",
  WEEK: "Last week",
  ALL: "All time",
};

export function ShareMovement({ windows }: { windows: ShareStatsFieldsFragment[] }) {
  return (
    <div className="table-scroll">
      <table className="stats" data-testid="share-movement">
        <thead>
          <tr>
            <th scope="col">Window</th>
            <th scope="col">Moves</th>
            <th scope="col">First → last</th>
            <th scope="col">Low / high</th>
            <th scope="col">Avg move</th>
            <th scope="col">Volatility</th>
          </tr>
        </thead>
        <tbody>
          {windows.map((stats) => {
            const change = stats.first !== null && stats.last !== null ? stats.last - stats.first : null;
            return (
              <tr key={stats.window} data-testid={`share-stats-${stats.window}`}>
                <th scope="row">{WINDOW_LABELS[stats.window]}</th>
                <td className="num">{stats.changes}</td>
                <td className={`num ${change !== null && change < 0 ? "down" : "up"}`}>
                  {formatOptional(stats.first, formatPrice)} → {formatOptional(stats.last, formatPrice)}
                </td>
                <td className="num">
                  {formatOptional(stats.min, formatPrice)} / {formatOptional(stats.max, formatPrice)}
                </td>
                <td className="num">{formatOptional(stats.averageChangePercent, formatPercent)}</td>
                <td className="num">{formatOptional(stats.volatility, (v) => formatPercent(v).replace("+", ""))}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
