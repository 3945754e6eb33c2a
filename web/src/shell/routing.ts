// A tiny path router: the page is location.pathname; links push history. The gateway's SPA fallback serves
// index.html for each of these paths, so a reload or a shared link lands on the same page.
import type { MouseEvent } from "react";
import { useSyncExternalStore } from "react";

export const PAGES = [
  { path: "/", label: "My share" },
  { path: "/market", label: "Market" },
  { path: "/alerts", label: "Alerts" },
  { path: "/inbox", label: "Inbox" },
  { path: "/insights", label: "Insights" },
] as const;

export type PagePath = (typeof PAGES)[number]["path"];

const subscribe = (listener: () => void) => {
  window.addEventListener("popstate", listener);
  return () => window.removeEventListener("popstate", listener);
};

export function usePath(): PagePath {
  const path = useSyncExternalStore(subscribe, () => location.pathname);
  return (PAGES.find((page) => page.path === path)?.path ?? "/") as PagePath;
}

export function navigate(path: PagePath) {
  return (event: MouseEvent) => {
    event.preventDefault();
    if (location.pathname === path) return;
    history.pushState(null, "", path);
    window.dispatchEvent(new PopStateEvent("popstate"));
  };
}
