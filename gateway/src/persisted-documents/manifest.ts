// The trusted-documents manifest as the gateway holds it: loaded at start, reloaded when the file changes (an
// editor's write-and-rename or a deploy's copy both show up as events on the directory), and kept as it was when a
// new version does not parse, so a bad deploy cannot empty the allow-list.
import { createHash } from "node:crypto";
import type { FSWatcher } from "node:fs";
import { watch } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, dirname } from "node:path";
import type { Logger } from "@tickergraph/telemetry";
import { normalizeDocumentId, parseManifest } from "./manifest-format.js";

export class PersistedDocumentManifest {
  private documents = new Map<string, string>();
  /** sha256 of each document's text: a full query that is in the manifest is trusted too. */
  private textHashes = new Set<string>();
  private watcher: FSWatcher | undefined;
  private reloadTimer: NodeJS.Timeout | undefined;
  private loading: Promise<void> = Promise.resolve();

  constructor(
    readonly path: string,
    private readonly logger: Logger,
  ) {}

  get size(): number {
    return this.documents.size;
  }

  get(id: string): string | undefined {
    return this.documents.get(normalizeDocumentId(id));
  }

  hasDocument(text: string): boolean {
    return this.textHashes.has(sha256(text));
  }

  /** Reads the file now; a missing file is an empty manifest, an invalid one keeps the previous documents. */
  reload(): Promise<void> {
    this.loading = this.loading.then(() => this.load());
    return this.loading;
  }

  /** Reloads on every change of the file until close(). */
  watch(): void {
    try {
      this.watcher = watch(dirname(this.path), { persistent: false }, (_event, file) => {
        if (file !== null && file !== basename(this.path)) return;
        // One write is several events; reload once they settle.
        clearTimeout(this.reloadTimer);
        this.reloadTimer = setTimeout(() => void this.reload(), 50);
      });
      this.watcher.on("error", (error) =>
        this.logger.warn({ err: error, path: this.path }, "persisted documents: watch failed"),
      );
    } catch (error) {
      this.logger.warn(
        { err: error, path: this.path },
        "persisted documents: cannot watch the manifest's directory; reload needs a restart",
      );
    }
  }

  close(): void {
    clearTimeout(this.reloadTimer);
    this.watcher?.close();
  }

  private async load(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
        this.logger.warn(
          { err: error, path: this.path },
          "persisted documents: manifest unreadable; keeping the last one",
        );
        return;
      }
      if (this.documents.size > 0)
        this.logger.warn({ path: this.path }, "persisted documents: manifest removed; keeping the last one");
      else this.logger.info({ path: this.path }, "persisted documents: no manifest (yet)");
      return;
    }
    try {
      const documents = parseManifest(text);
      this.documents = documents;
      this.textHashes = new Set([...documents.values()].map(sha256));
      this.logger.info({ path: this.path, documents: documents.size }, "persisted documents: manifest loaded");
    } catch (error) {
      this.logger.warn(
        { err: error, path: this.path },
        "persisted documents: manifest invalid; keeping the last good one",
      );
    }
  }
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
