import { afterAll, describe, expect, it } from "vitest";
import { createLeftovers, useLeftovers } from "../src/leftovers.js";

/** A resource that records, in a shared log, when it was released. */
function resource(name: string, log: string[]) {
  return { close: async () => void log.push(name) };
}

describe("createLeftovers", () => {
  it("releases in reverse order of adding and returns each resource unchanged", async () => {
    const log: string[] = [];
    const leftovers = createLeftovers();
    const first = resource("first", log);
    expect(leftovers.add(first)).toBe(first);
    leftovers.add(resource("second", log));
    leftovers.defer("third", () => void log.push("third"));
    expect(leftovers.size).toBe(3);
    await leftovers.release();
    expect(log).toEqual(["third", "second", "first"]);
    expect(leftovers.size).toBe(0);
  });

  it("calls whichever release method the resource has, the standard disposer first", async () => {
    const log: string[] = [];
    const leftovers = createLeftovers();
    leftovers.add({ stop: () => void log.push("stop") });
    leftovers.add({ disconnect: async () => void log.push("disconnect") });
    leftovers.add({ dispose: () => void log.push("dispose") });
    leftovers.add({
      close: () => void log.push("close, not the disposer"),
      [Symbol.asyncDispose]: async () => void log.push("asyncDispose"),
    });
    await leftovers.release();
    expect(log).toEqual(["asyncDispose", "dispose", "disconnect", "stop"]);
  });

  it("refuses a resource it could not release", () => {
    expect(() => createLeftovers().add({ end: () => undefined } as never)).toThrow(TypeError);
  });

  it("releases everything even when some releases fail, then reports every failure", async () => {
    const log: string[] = [];
    const leftovers = createLeftovers();
    leftovers.add(resource("kept", log));
    leftovers.defer("broken socket", () => Promise.reject(new Error("socket already gone")));
    leftovers.defer("broken consumer", () => {
      throw new Error("consumer refused to stop");
    });
    leftovers.add(resource("last", log));
    const failure = await leftovers.release().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(log).toEqual(["last", "kept"]);
    expect(failure).toBeInstanceOf(AggregateError);
    expect((failure as AggregateError).errors.map((e: Error) => e.message)).toEqual([
      "consumer refused to stop",
      "socket already gone",
    ]);
  });

  it("gives up on a release that hangs, names it, and still releases the rest", async () => {
    const log: string[] = [];
    const leftovers = createLeftovers({ timeoutMs: 50 });
    leftovers.add(resource("after the stuck one", log));
    leftovers.defer("a stuck close", () => new Promise(() => undefined));
    await expect(leftovers.release()).rejects.toThrow("timed out after 50 ms waiting for releasing a stuck close");
    expect(log).toEqual(["after the stuck one"]);
  });
});

describe("useLeftovers", () => {
  const log: string[] = [];
  const leftovers = useLeftovers();

  // The test fails on purpose (`it.fails` passes only if it does): its resource must be released all the same.
  it.fails("a test whose assertion fails mid-way", () => {
    leftovers.add(resource("opened by the failing test", log));
    expect("the assertion").toBe("failing");
  });

  it("released what the failed test opened, by the time the next test runs", () => {
    expect(log).toEqual(["opened by the failing test"]);
    expect(leftovers.size).toBe(0);
  });
});

// Registered before the block's own hook, so it runs after it (Vitest runs after-hooks last registered first).
const blockLog: string[] = [];
afterAll(() => expect(blockLog).toEqual(["shared"]));

describe("useLeftovers with scope 'all'", () => {
  const log = blockLog;
  const leftovers = useLeftovers({ scope: "all" });

  it("keeps a resource across tests", () => {
    leftovers.add(resource("shared", log));
  });

  it("until the block ends", () => {
    expect(log).toEqual([]);
    expect(leftovers.size).toBe(1);
  });
});
