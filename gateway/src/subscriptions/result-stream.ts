// A client's subscription as a pull stream of formatted results, for the HTTP streaming transports (SSE,
// multipart). It ends with a last result carrying errors when the subscription fails, is cut off (slow client,
// shutdown) or its token expires; HTTP streams have no separate `error` message.
import type { FormattedExecutionResult } from "graphql";
import type { Session, TokenService } from "@tickergraph/auth";
import { UnauthenticatedError } from "@tickergraph/errors";
import type { Logger } from "@tickergraph/telemetry";
import type { SharedResult } from "./shared-result.js";
import { errorsOf } from "./subscription-ended.js";

const DONE = { value: undefined, done: true } as const;

/**
 * Not an async generator: the transport calls return() when the client disconnects, and a generator parked on
 * `await source.next()` would only run it after the next event — a quiet feed would keep its upstream forever.
 */
export class ResultStream implements AsyncGenerator<FormattedExecutionResult> {
  /** Whether the stream ended with a failure: its last result holds the errors. */
  failed = false;
  private readonly cancelExpiry: () => void;
  private readonly teardowns: Array<() => void> = [];

  constructor(
    private readonly source: AsyncIterableIterator<SharedResult>,
    private readonly logger: Logger,
    session: Session | null,
    /** Ends the stream when the session's token expires or is revoked. */
    tokens: Pick<TokenService, "watch">,
    /** Resolves when the client can take results (an SSE reservation whose stream is connected); pulls wait. */
    private readonly ready: () => Promise<void> = () => Promise.resolve(),
  ) {
    // A stream must not outlive its token: at expiry or revocation it gets an UNAUTHENTICATED result and ends.
    this.cancelExpiry = tokens.watch(session, (reason) =>
      this.fail(new UnauthenticatedError(reason === "expired" ? "Token expired" : "Token revoked")),
    );
  }

  /** Ends the stream with `error`'s client errors as its last result (a pending pull gets them at once). */
  fail(error: unknown): void {
    void this.source.throw?.(error).catch(() => undefined);
  }

  onEnd(teardown: () => void): void {
    this.teardowns.push(teardown);
  }

  async next(): Promise<IteratorResult<FormattedExecutionResult>> {
    try {
      await this.ready();
      const item = await this.source.next();
      if (item.done) this.finish();
      return item.done ? DONE : { value: item.value.result as FormattedExecutionResult, done: false };
    } catch (error) {
      this.failed = true;
      return { value: { errors: errorsOf(error, this.logger) }, done: false };
    }
  }

  async return(): Promise<IteratorResult<FormattedExecutionResult>> {
    this.finish();
    await this.source.return?.();
    return DONE;
  }

  async throw(): Promise<IteratorResult<FormattedExecutionResult>> {
    return this.return();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.return();
  }

  private finish(): void {
    this.cancelExpiry();
    for (const teardown of this.teardowns.splice(0)) teardown();
  }
}

/** A query's or mutation's one result, or a refusal, as a stream: the same framing as a subscription's. */
export async function* oneResult(result: FormattedExecutionResult): AsyncGenerator<FormattedExecutionResult> {
  yield result;
}
