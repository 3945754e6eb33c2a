import { describe, expect, it } from "vitest";
import { SignJWT } from "jose";
import { TokenService, requireAdmin, roleForEmail } from "../src/index.js";

const SECRET = "a-test-secret-that-is-long-enough-123";

describe("roles", () => {
  it("gives ADMIN to configured emails only, whatever their case or spacing", () => {
    expect(roleForEmail(" Ops@Example.com ", ["ops@example.com"])).toBe("ADMIN");
    expect(roleForEmail("ada@example.com", ["ops@example.com"])).toBe("USER");
    expect(roleForEmail("ops@example.com", [])).toBe("USER");
  });

  it("carries the role claim through a token", async () => {
    const tokens = new TokenService(SECRET, 60);
    const admin = await tokens.verify(await tokens.issue({ userId: "u1", email: "a@b.c", role: "ADMIN" }));
    expect(admin).toMatchObject({ userId: "u1", email: "a@b.c", role: "ADMIN" });
    expect(requireAdmin(admin)).toBe(admin);
  });

  it("refuses a token without the ADMIN role as FORBIDDEN, and no token as UNAUTHENTICATED", async () => {
    const tokens = new TokenService(SECRET, 60);
    const user = await tokens.verify(await tokens.issue({ userId: "u1", email: "a@b.c", role: "USER" }));
    expect(() => requireAdmin(user)).toThrow(expect.objectContaining({ extensions: { code: "FORBIDDEN" } }));
    expect(() => requireAdmin(null)).toThrow(expect.objectContaining({ extensions: { code: "UNAUTHENTICATED" } }));
  });

  it("treats an unknown role claim as an ordinary user", async () => {
    const forged = await new SignJWT({ email: "e", role: "SUPERUSER" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("u1")
      .setIssuer("tickergraph")
      .setAudience("tickergraph-api")
      .setExpirationTime("1m")
      .sign(new TextEncoder().encode(SECRET));
    const identity = await new TokenService(SECRET, 60).verify(forged);
    expect(identity.role).toBeUndefined();
    expect(() => requireAdmin(identity)).toThrow(expect.objectContaining({ extensions: { code: "FORBIDDEN" } }));
  });
});
