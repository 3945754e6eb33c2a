// 1-minute candlesticks in SVG: wick from low to high, body from open to close, green up and red down.
import type { CandleBar } from "../market/candles.js";

export function CandleChart({ candles, label }: { candles: readonly CandleBar[]; label: string }) {
  const width = 600;
  const height = 180;
  if (candles.length === 0) return <p className="muted">No candles yet for this window.</p>;
  const low = Math.min(...candles.map((c) => c.low));
  const high = Math.max(...candles.map((c) => c.high));
  const span = high - low || 1;
  const y = (price: number) => height - 4 - ((price - low) / span) * (height - 8);
  const slot = width / Math.max(candles.length, 10);
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      className="candles"
      role="img"
      aria-label={label}
      preserveAspectRatio="none"
    >
      {candles.map((c, i) => {
        const x = i * slot + slot / 2;
        const up = c.close >= c.open;
        return (
          <g key={c.start} className={up ? "up" : "down"}>
            <line x1={x} x2={x} y1={y(c.high)} y2={y(c.low)} strokeWidth="1" />
            <rect
              x={x - slot * 0.3}
              width={slot * 0.6}
              y={y(Math.max(c.open, c.close))}
              height={Math.max(1, Math.abs(y(c.open) - y(c.close)))}
            />
          </g>
        );
      })}
    </svg>
  );
}
