// The offline explorer: GraphiQL bundled with the dashboard (editor workers and fonts included, nothing from a CDN).
// Queries and mutations go over HTTP, subscriptions over graphql-ws; the header editor's headers are sent with
// both (graphql-ws in connection_init). It starts with the dashboard's token when signed in.
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createGraphiQLFetcher } from "@graphiql/toolkit";
import { GraphiQL } from "graphiql";
import "graphiql/setup-workers/vite";
import "graphiql/style.css";

const httpUrl = `${location.origin}/graphql`;
const fetcher = createGraphiQLFetcher({ url: httpUrl, subscriptionUrl: httpUrl.replace(/^http/, "ws") });
const token = localStorage.getItem("tickergraph.token");

const INTRO = `# Tickergraph explorer: runs offline, against this gateway.
# Queries and mutations go over HTTP; subscriptions over graphql-ws.
# Signed-in operations need the Authorization header (Headers, below);
# signing in to the dashboard fills it in.
`;
// Signed in: the caller's own live share value (proves the token reaches the WebSocket); else public prices.
const EXAMPLE = token
  ? `${INTRO}
subscription MyShareValue {
  shareValueChanged {
    value
    previousValue
    changedAt
  }
}
`
  : `${INTRO}
subscription LivePrices {
  priceTick(symbols: ["AAPL", "BTC-USD"]) {
    symbol
    price
    changePercent
    updatedAt
  }
}
`;

createRoot(document.getElementById("explorer")!).render(
  <StrictMode>
    <GraphiQL
      fetcher={fetcher}
      defaultQuery={EXAMPLE}
      initialHeaders={token ? JSON.stringify({ authorization: `Bearer ${token}` }, null, 2) : undefined}
      isHeadersEditorEnabled
      shouldPersistHeaders={false}
    />
  </StrictMode>,
);
