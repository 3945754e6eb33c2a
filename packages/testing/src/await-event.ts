import { withDeadline } from "@tickergraph/timers";

/** The next value of an async iterator, or a timeout error. */
export async function nextValue<T>(iterator: AsyncIterator<T>, ms = 10_000, what = "the next event"): Promise<T> {
  const result = await withDeadline(iterator.next(), ms, what);
  if (result.done) throw new Error(`stream ended while waiting for ${what}`);
  return result.value;
}

/** Collects `count` values in order, failing on timeout. */
export async function collect<T>(iterator: AsyncIterator<T>, count: number, ms = 10_000): Promise<T[]> {
  const values: T[] = [];
  while (values.length < count) values.push(await nextValue(iterator, ms, `event ${values.length + 1} of ${count}`));
  return values;
}
