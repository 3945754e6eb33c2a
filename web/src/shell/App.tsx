// The signed-in shell: navigation with the unread badge, the app-wide live parts (market feed, alert banner, new
// notifications), and the current page.
import { AlertBanner } from "../alerts/AlertBanner.js";
import { AlertsPage } from "../alerts/AlertsPage.js";
import { AuthScreen } from "../auth/AuthScreen.js";
import { useMarketFeed } from "../market/market-feed.js";
import { MarketPage } from "../market/MarketPage.js";
import { InboxPage } from "../inbox/InboxPage.js";
import { useNotificationFeed } from "../inbox/notification-feed.js";
import { UnreadBadge } from "../inbox/UnreadBadge.js";
import { InsightsPage } from "../insights/InsightsPage.js";
import { PortfolioPage } from "../portfolio/PortfolioPage.js";
import type { PagePath } from "./routing.js";
import { navigate, PAGES, usePath } from "./routing.js";
import { signOut, useSession } from "./session.js";

export function App() {
  const session = useSession();
  // Keyed by token: a new sign-in starts with fresh page state and subscriptions.
  return session ? <SignedIn key={session.token} displayName={session.displayName} /> : <AuthScreen />;
}

function SignedIn({ displayName }: { displayName: string }) {
  const path = usePath();
  useMarketFeed();
  useNotificationFeed();
  return (
    <>
      <header className="top">
        <strong className="brand">Tickergraph</strong>
        <nav aria-label="Main">
          {PAGES.map((page) => (
            <a
              key={page.path}
              href={page.path}
              onClick={navigate(page.path)}
              aria-current={path === page.path ? "page" : undefined}
            >
              {page.label}
              {page.path === "/inbox" && <UnreadBadge />}
            </a>
          ))}
          <a href="/explorer/">Explorer</a>
        </nav>
        <span className="who">
          {displayName}{" "}
          <button type="button" onClick={signOut}>
            Sign out
          </button>
        </span>
      </header>
      <AlertBanner />
      <main className="page">
        <Page path={path} />
      </main>
    </>
  );
}

function Page({ path }: { path: PagePath }) {
  switch (path) {
    case "/":
      return <PortfolioPage />;
    case "/market":
      return <MarketPage />;
    case "/alerts":
      return <AlertsPage />;
    case "/inbox":
      return <InboxPage />;
    case "/insights":
      return <InsightsPage />;
  }
}
