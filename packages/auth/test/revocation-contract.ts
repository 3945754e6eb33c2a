// What every revocation list must do, run against the in-memory one and against Redis with two instances (as two
// gateways or a gateway and a subgraph would hold).
import { describe, expect, it, onTestFinished } from "vitest";
import { withTimeout } from "@tickergraph/testing";
import type { Revocation, RevocationList, SessionEnd } from "../src/index.js";
import { TokenService } from "../src/index.js";

const SECRET = "revocation-test-secret-long-enough-0123456";

/** `open` returns two handles onto one shared list (the same object for the in-memory list). */
export function revocationContract(name: string, open: () => Promise<[RevocationList, RevocationList]>): void {
  describe(name, () => {
    const services = async () => {
      const [a, b] = await open();
      onTestFinished(async () => {
        await a.close();
        if (b !== a) await b.close();
      });
      return { a: new TokenService(SECRET, 600, a), b: new TokenService(SECRET, 600, b), listA: a, listB: b };
    };
    let n = 0;
    const user = () => ({ userId: `user-${process.pid}-${Date.now()}-${n++}`, email: `u${n}@example.com` });

    it("logout revokes exactly that token, on every instance", async () => {
      const { a, b } = await services();
      const who = user();
      const [first, second] = [await a.issue(who), await a.issue(who)];
      await b.revokeToken(await b.verify(first));
      for (const service of [a, b]) {
        await expect(service.verify(first)).rejects.toMatchObject({ extensions: { code: "UNAUTHENTICATED" } });
        await expect(service.verify(first)).rejects.toThrow("Token revoked");
        await expect(service.verify(second)).resolves.toMatchObject({ userId: who.userId });
      }
    });

    it("logout everywhere revokes every token issued so far, and none issued after it", async () => {
      const { a, b } = await services();
      const who = user();
      const other = user();
      const before = [await a.issue(who), await b.issue(who)];
      const someoneElse = await a.issue(other);
      const revokedAt = Date.now();
      await a.revokeAllTokensOf(who.userId);
      // The watermark has ms precision and covers its own ms; from the next ms on (within the same second, which
      // `iat` alone could not tell apart) tokens are valid.
      while (Date.now() <= revokedAt + 1) await new Promise((resolve) => setImmediate(resolve));
      const after = await b.issue(who);
      expect(Math.floor(Date.now() / 1000) - Math.floor(revokedAt / 1000)).toBeLessThanOrEqual(1);
      for (const service of [a, b]) {
        for (const token of before) await expect(service.verify(token)).rejects.toThrow("Token revoked");
        await expect(service.verify(after)).resolves.toMatchObject({ userId: who.userId });
        await expect(service.verify(someoneElse)).resolves.toMatchObject({ userId: other.userId });
      }
    });

    it("ends the live sessions a revocation covers, on every instance, and no others", async () => {
      const { a, b } = await services();
      const who = user();
      const sessionOf = async (service: TokenService, token: string) =>
        (await service.sessionFromAuthorizationHeader(`Bearer ${token}`))!;
      const revoked = await sessionOf(b, await a.issue(who));
      const kept = await sessionOf(b, await a.issue(who));
      const ended: Array<[string, SessionEnd]> = [];
      const watched = new Promise<void>((resolve) => {
        b.watch(revoked, (reason) => {
          ended.push(["revoked", reason]);
          resolve();
        });
      });
      const stopKept = b.watch(kept, (reason) => ended.push(["kept", reason]));
      onTestFinished(stopKept);
      await a.revokeToken(revoked.identity);
      await withTimeout(watched, 5000, "the revoked session's end");
      expect(ended).toEqual([["revoked", "revoked"]]);
      // A later "logout everywhere" ends the other one too.
      const everywhere = new Promise<SessionEnd>((resolve) => b.watch(kept, resolve));
      await a.revokeAllTokensOf(who.userId);
      expect(await withTimeout(everywhere, 5000, "logout everywhere")).toBe("revoked");
    });

    it("tells listeners of every instance about each revocation", async () => {
      const { a, listA, listB } = await services();
      const who = user();
      const seen = (list: RevocationList) =>
        new Promise<Revocation>((resolve) => {
          const stop = list.onRevocation((revocation) => {
            if (revocation.userId !== who.userId) return;
            stop();
            resolve(revocation);
          });
        });
      const [onA, onB] = [seen(listA), seen(listB)];
      await a.revokeAllTokensOf(who.userId);
      for (const arrived of [onA, onB]) {
        expect(await withTimeout(arrived, 5000, "the revocation")).toMatchObject({ kind: "user", userId: who.userId });
      }
    });
  });
}
