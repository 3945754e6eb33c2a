// Sign up / sign in. Errors are the gateway's own messages (BAD_USER_INPUT names the field; UNAUTHENTICATED for a
// wrong password), shown next to the form.
import type { FormEvent } from "react";
import { useState } from "react";
import { useMutation } from "@apollo/client/react";
import { LoginDocument, RegisterDocument } from "@tickergraph/client";
import { signIn } from "../shell/session.js";

export function AuthScreen() {
  const [mode, setMode] = useState<"signUp" | "signIn">("signUp");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [register, registering] = useMutation(RegisterDocument);
  const [login, loggingIn] = useMutation(LoginDocument);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const payload =
        mode === "signUp"
          ? (await register({ variables: { input: { email, password, displayName } } })).data?.register
          : (await login({ variables: { email, password } })).data?.login;
      if (payload) signIn({ token: payload.token, displayName: payload.user.displayName });
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  };
  const busy = registering.loading || loggingIn.loading;

  return (
    <main className="auth">
      <h1>Tickergraph</h1>
      <p className="muted">Your own share, the market live, alerts that ring.</p>
      <div role="tablist" aria-label="Account" className="tabs">
        <button type="button" role="tab" aria-selected={mode === "signUp"} onClick={() => setMode("signUp")}>
          Sign up
        </button>
        <button type="button" role="tab" aria-selected={mode === "signIn"} onClick={() => setMode("signIn")}>
          Sign in
        </button>
      </div>
      <form onSubmit={submit} className="card stack" aria-label={mode === "signUp" ? "Sign up" : "Sign in"}>
        {mode === "signUp" && (
          <label>
            Display name
            <input
              value={displayName}
              onChange={(e) => setDisplayName(e.target.value)}
              required
              maxLength={50}
              autoComplete="nickname"
            />
          </label>
        )}
        <label>
          Email
          <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} required autoComplete="email" />
        </label>
        <label>
          Password
          <input
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            minLength={mode === "signUp" ? 8 : undefined}
            autoComplete={mode === "signUp" ? "new-password" : "current-password"}
          />
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {mode === "signUp" ? "Create account" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
