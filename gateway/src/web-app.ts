// Serves the dashboard (web/dist, built by Vite) at / and the offline GraphiQL explorer at /explorer/, with an SPA
// fallback for the dashboard's own paths. Mounted after the API routes, so it never answers /graphql, /health,
// /ready or /metrics.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import express from "express";
import type { Express, Request, Response } from "express";

const DEFAULT_DIST = fileURLToPath(new URL("../../web/dist/", import.meta.url));
const API_PATHS = /^\/(graphql|health|ready|metrics)(\/|$)/;

export function serveWebApp(app: Express, distDir: string = DEFAULT_DIST): void {
  // Hashed asset names never change content: cache them for long; the HTML pages are revalidated every time.
  app.use("/assets", express.static(`${distDir}assets`, { immutable: true, maxAge: "365d", fallthrough: false }));
  app.use(express.static(distDir, { index: false, redirect: false }));
  app.get(/.*/, (req: Request, res: Response, next) => {
    if (API_PATHS.test(req.path) || !req.accepts("html")) return next();
    const page = req.path === "/explorer" || req.path.startsWith("/explorer/") ? "explorer/index.html" : "index.html";
    if (!existsSync(`${distDir}${page}`)) {
      res
        .status(503)
        .type("text/plain")
        .send("The dashboard is not built: run `npm run build -w web` (npm install does it).");
      return;
    }
    res.setHeader("Cache-Control", "no-cache");
    res.sendFile(page, { root: distDir });
  });
}
