/** Raised by `withDeadline`; its message names what was awaited, so a failed probe or test says what hung. */
export class DeadlineError extends Error {
  constructor(
    readonly what: string,
    readonly ms: number,
  ) {
    super(`timed out after ${ms} ms waiting for ${what}`);
    this.name = "DeadlineError";
  }
}

/**
 * `promise`, or a DeadlineError once `ms` have passed (the timer is cleared either way, so it never holds the
 * process open). The promise itself is not cancelled: a caller that gives up on it must expect it may still settle.
 */
export async function withDeadline<T>(promise: PromiseLike<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(what, ms)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
