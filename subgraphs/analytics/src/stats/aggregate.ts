// Running statistics of share-value changes: one Aggregate summarises any number of changes and two merge into the
// aggregate of both, so a window is answered by merging its buckets — never by reading raw events.

/** One `user.share-value.changed`, as the statistics need it. */
export interface ShareChange {
  userId: string;
  value: number;
  previousValue: number;
  /** Epoch milliseconds of the change. */
  at: number;
}

export interface Aggregate {
  changes: number;
  sumChange: number;
  sumChangePct: number;
  sumChangePctSq: number;
  min: number;
  max: number;
  firstValue: number;
  firstAt: number;
  lastValue: number;
  lastAt: number;
}

/** Percentage change; a move from 0 counts as 0 % (there is no meaningful ratio). */
export function changePercent(value: number, previousValue: number): number {
  return previousValue === 0 ? 0 : ((value - previousValue) / previousValue) * 100;
}

export function aggregateOf(change: ShareChange): Aggregate {
  const pct = changePercent(change.value, change.previousValue);
  return {
    changes: 1,
    sumChange: change.value - change.previousValue,
    sumChangePct: pct,
    sumChangePctSq: pct * pct,
    min: change.value,
    max: change.value,
    firstValue: change.value,
    firstAt: change.at,
    lastValue: change.value,
    lastAt: change.at,
  };
}

/** The aggregate of both; order-independent (first and last follow the times). */
export function mergeAggregates(a: Aggregate, b: Aggregate): Aggregate {
  const earlier = a.firstAt <= b.firstAt ? a : b;
  const last = a.lastAt >= b.lastAt ? a : b;
  return {
    changes: a.changes + b.changes,
    sumChange: a.sumChange + b.sumChange,
    sumChangePct: a.sumChangePct + b.sumChangePct,
    sumChangePctSq: a.sumChangePctSq + b.sumChangePctSq,
    min: Math.min(a.min, b.min),
    max: Math.max(a.max, b.max),
    firstValue: earlier.firstValue,
    firstAt: earlier.firstAt,
    lastValue: last.lastValue,
    lastAt: last.lastAt,
  };
}

/** Folds `b` into `a` in place (the consumer's hot path: no allocation per change). */
export function mergeInto(a: Aggregate, b: Aggregate): void {
  if (b.firstAt < a.firstAt) {
    a.firstValue = b.firstValue;
    a.firstAt = b.firstAt;
  }
  if (b.lastAt > a.lastAt) {
    a.lastValue = b.lastValue;
    a.lastAt = b.lastAt;
  }
  a.changes += b.changes;
  a.sumChange += b.sumChange;
  a.sumChangePct += b.sumChangePct;
  a.sumChangePctSq += b.sumChangePctSq;
  if (b.min < a.min) a.min = b.min;
  if (b.max > a.max) a.max = b.max;
}

/** What the API shows for an aggregate (null fields when there were no changes). */
export interface ShareStatsFigures {
  changes: number;
  averageChange: number | null;
  averageChangePercent: number | null;
  volatility: number | null;
  min: number | null;
  max: number | null;
  first: number | null;
  last: number | null;
  from: Date | null;
  to: Date | null;
}

export function figuresOf(aggregate: Aggregate | null): ShareStatsFigures {
  if (!aggregate || aggregate.changes === 0) {
    return {
      changes: 0,
      averageChange: null,
      averageChangePercent: null,
      volatility: null,
      min: null,
      max: null,
      first: null,
      last: null,
      from: null,
      to: null,
    };
  }
  const n = aggregate.changes;
  const meanPct = aggregate.sumChangePct / n;
  // Population variance from the running sums; rounding can make it a hair below zero.
  const variance = Math.max(0, aggregate.sumChangePctSq / n - meanPct * meanPct);
  return {
    changes: n,
    averageChange: aggregate.sumChange / n,
    averageChangePercent: meanPct,
    volatility: Math.sqrt(variance),
    min: aggregate.min,
    max: aggregate.max,
    first: aggregate.firstValue,
    last: aggregate.lastValue,
    from: new Date(aggregate.firstAt),
    to: new Date(aggregate.lastAt),
  };
}
