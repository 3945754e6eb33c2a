// A small SVG line chart (sparklines and the share-value chart): no chart library for a polyline.
import { memo } from "react";

interface LineChartProps {
  values: readonly number[];
  width: number;
  height: number;
  label: string;
  className?: string;
}

export const LineChart = memo(function LineChart({ values, width, height, label, className }: LineChartProps) {
  if (values.length < 2)
    return (
      <svg
        width={width}
        height={height}
        role="img"
        aria-label={`${label}: not enough data yet`}
        className={className}
      />
    );
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const step = width / (values.length - 1);
  const points = values.map(
    (value, i) => `${(i * step).toFixed(1)},${(height - 2 - ((value - min) / span) * (height - 4)).toFixed(1)}`,
  );
  const rising = values[values.length - 1]! >= values[0]!;
  return (
    <svg
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={label}
      className={className}
    >
      <polyline
        points={points.join(" ")}
        fill="none"
        strokeWidth="1.5"
        className={rising ? "up-stroke" : "down-stroke"}
      />
    </svg>
  );
});
