import { afterAll, afterEach } from "vitest";
import { withDeadline } from "@tickergraph/timers";

/** Anything a test opens and must release: the method names our buses, hubs, drivers, servers and clients use. */
export type Releasable =
  | { [Symbol.asyncDispose](): PromiseLike<void> }
  | { close(): unknown }
  | { stop(): unknown }
  | { disconnect(): unknown }
  | { dispose(): unknown };

/** How one registered resource is released; the label names it in a failure. */
interface Entry {
  label: string;
  release: () => unknown;
}

export interface Leftovers {
  /** Registers `resource` to be released later (last added, first released) and returns it unchanged. */
  add<T extends Releasable>(resource: T, label?: string): T;
  /** Registers a cleanup step that is not an object's method (dropping a schema, restoring a setting). */
  defer(label: string, release: () => unknown): void;
  /**
   * Releases everything registered, in reverse order, each within the timeout; every step runs even when an
   * earlier one failed or hung. Rejects afterwards with all the failures, so none is swallowed.
   */
  release(): Promise<void>;
  /** How many resources are waiting to be released. */
  readonly size: number;
}

export interface LeftoversOptions {
  /** Longest one release may take before it counts as failed and the next one starts. */
  timeoutMs?: number;
}

/** The method that releases `resource`, chosen in the order the standard then our own APIs name it. */
function releaser(resource: Releasable): () => unknown {
  const candidate = resource as Partial<Record<"close" | "stop" | "disconnect" | "dispose", () => unknown>> & {
    [Symbol.asyncDispose]?: () => PromiseLike<void>;
  };
  const method =
    candidate[Symbol.asyncDispose] ?? candidate.close ?? candidate.stop ?? candidate.disconnect ?? candidate.dispose;
  if (typeof method !== "function") throw new TypeError("leftovers.add: the resource has no way to be released");
  return () => method.call(resource);
}

/** A registry of what a test opened; `release()` closes it all. Hook-free: `useLeftovers` wires it to Vitest. */
export function createLeftovers(options: LeftoversOptions = {}): Leftovers {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const entries: Entry[] = [];
  return {
    add(resource, label) {
      entries.push({ label: label ?? resource.constructor?.name ?? "resource", release: releaser(resource) });
      return resource;
    },
    defer(label, release) {
      entries.push({ label, release });
    },
    async release() {
      const failures: unknown[] = [];
      // Take them all first: a resource added while releasing belongs to the next round, not to this loop.
      for (const entry of entries.splice(0).reverse()) {
        try {
          await withDeadline(Promise.resolve().then(entry.release), timeoutMs, `releasing ${entry.label}`);
        } catch (error) {
          failures.push(
            error instanceof Error ? error : new Error(`releasing ${entry.label} failed: ${String(error)}`),
          );
        }
      }
      if (failures.length === 1) throw failures[0];
      if (failures.length > 1) throw new AggregateError(failures, `${failures.length} leftovers failed to release`);
    },
    get size() {
      return entries.length;
    },
  };
}

export interface UseLeftoversOptions extends LeftoversOptions {
  /**
   * "each" (default) releases after every test what that test added; "all" releases once, after the file or
   * `describe` block, what its `beforeAll` added.
   */
  scope?: "each" | "all";
}

/**
 * A registry released by a Vitest hook, so a failed assertion mid-test still closes every consumer, socket,
 * server and database the test opened. Call it at the top of a file or inside a `describe`.
 */
export function useLeftovers(options: UseLeftoversOptions = {}): Leftovers {
  const leftovers = createLeftovers(options);
  if (options.scope === "all") afterAll(() => leftovers.release());
  else afterEach(() => leftovers.release());
  return leftovers;
}
