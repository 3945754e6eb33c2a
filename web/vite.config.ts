// Two pages: the dashboard at / and the GraphiQL explorer at /explorer/, each its own bundle so the dashboard
// never loads the editor. Everything is bundled (fonts and workers included): the gateway serves it offline.
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const page = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  plugins: [react()],
  // The dashboard reads the composed API schema at build time (which services exist), from outside web/.
  server: { fs: { allow: [page("..")] } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 5_000,
    rollupOptions: {
      input: { dashboard: page("index.html"), explorer: page("explorer/index.html") },
      // GraphiQL's modules start with React-compiler directives ("use no memo") that a bundle cannot keep; harmless.
      onwarn(warning, warn) {
        if (warning.code !== "MODULE_LEVEL_DIRECTIVE") warn(warning);
      },
    },
  },
});
