import { afterEach, describe, expect, it, vi } from "vitest";
import { SignJWT } from "jose";
import { InMemoryRevocationList, TokenService, bearerToken, hashPassword, verifyPassword } from "../src/index.js";

const SECRET = "a-test-secret-that-is-long-enough-123";

describe("TokenService", () => {
  afterEach(() => void vi.useRealTimers());

  it("round-trips the identity it issued", async () => {
    const tokens = new TokenService(SECRET, 60);
    const token = await tokens.issue({ userId: "u1", email: "a@b.c" });
    await expect(tokens.verify(token)).resolves.toEqual({
      userId: "u1",
      email: "a@b.c",
      token: { id: expect.any(String), issuedAtMs: expect.any(Number), expiresAtMs: expect.any(Number) },
    });
  });

  it("rejects a token signed with another secret as UNAUTHENTICATED", async () => {
    const token = await new TokenService("another-secret-that-is-long-enough-xx", 60).issue({
      userId: "u1",
      email: "e",
    });
    await expect(new TokenService(SECRET, 60).verify(token)).rejects.toMatchObject({
      extensions: { code: "UNAUTHENTICATED" },
      message: "Invalid token",
    });
  });

  it("rejects an expired token with its own message", async () => {
    const key = new TextEncoder().encode(SECRET);
    const expired = await new SignJWT({ email: "e" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("u1")
      .setIssuer("tickergraph")
      .setAudience("tickergraph-api")
      .setIssuedAt(Math.floor(Date.now() / 1000) - 120)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(key);
    await expect(new TokenService(SECRET, 60).verify(expired)).rejects.toMatchObject({ message: "Token expired" });
  });

  it("remembers a verified token only until it expires", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const tokens = new TokenService(SECRET, 60);
    const token = await tokens.issue({ userId: "u1", email: "a@b.c" });
    await expect(tokens.verify(token)).resolves.toMatchObject({ userId: "u1", email: "a@b.c" });
    await expect(tokens.verify(token)).resolves.toMatchObject({ userId: "u1", email: "a@b.c" });
    vi.setSystemTime(Date.now() + 61_000);
    await expect(tokens.verify(token)).rejects.toMatchObject({ message: "Token expired" });
  });

  it("refuses a remembered token once it is revoked (only the signature check is remembered)", async () => {
    const tokens = new TokenService(SECRET, 60, new InMemoryRevocationList());
    const token = await tokens.issue({ userId: "u1", email: "a@b.c" });
    const identity = await tokens.verify(token);
    await tokens.revokeToken(identity);
    await expect(tokens.verify(token)).rejects.toMatchObject({ message: "Token revoked" });
  });

  it("does not remember a refused token", async () => {
    const forged = await new TokenService("another-secret-that-is-long-enough-xx", 60).issue({
      userId: "u1",
      email: "e",
    });
    const tokens = new TokenService(SECRET, 60);
    await expect(tokens.verify(forged)).rejects.toMatchObject({ message: "Invalid token" });
    await expect(tokens.verify(forged)).rejects.toMatchObject({ message: "Invalid token" });
  });

  it("refuses the 'none' algorithm and garbage", async () => {
    const tokens = new TokenService(SECRET, 60);
    const unsigned = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from('{"sub":"u1","email":"e"}').toString("base64url")}.`;
    await expect(tokens.verify(unsigned)).rejects.toMatchObject({ extensions: { code: "UNAUTHENTICATED" } });
    await expect(tokens.verify("not-a-jwt")).rejects.toMatchObject({ extensions: { code: "UNAUTHENTICATED" } });
  });

  it("treats a missing header as anonymous but a malformed one as an error", async () => {
    const tokens = new TokenService(SECRET, 60);
    await expect(tokens.fromAuthorizationHeader(undefined)).resolves.toBeNull();
    expect(() => bearerToken("Basic abc")).toThrow(/Bearer/);
    expect(bearerToken("bearer abc.def.ghi")).toBe("abc.def.ghi");
  });
});

describe("passwords", () => {
  it("verifies the right password and rejects a wrong one", async () => {
    const hash = await hashPassword("correct horse");
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    await expect(verifyPassword("correct horse", hash)).resolves.toBe(true);
    await expect(verifyPassword("correct hors", hash)).resolves.toBe(false);
  });

  it("salts every hash", async () => {
    expect(await hashPassword("same")).not.toBe(await hashPassword("same"));
  });

  it("answers false for a malformed stored hash instead of throwing", async () => {
    await expect(verifyPassword("x", "garbage")).resolves.toBe(false);
  });
});
