// The supergraph the gateway serves: where it comes from (SUPERGRAPH_PATH, or the committed schema/), where each
// subgraph it joins is reached, and — when it comes from a file — its reloads: a changed file is validated, then
// swapped into Apollo's query path (ApolloGateway's supergraphSdl hook) and the subscription engine together.
import type { FSWatcher } from "node:fs";
import { watch } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { SupergraphSdlHook } from "@apollo/gateway";
import type { AppConfig, ServiceName } from "@tickergraph/config";
import { SERVICE_NAMES } from "@tickergraph/config";
import type { Logger } from "@tickergraph/telemetry";
import { subgraphEndpoints } from "./subgraph-names.js";

export const COMMITTED_SUPERGRAPH_PATH = fileURLToPath(new URL("../../schema/supergraph.graphql", import.meta.url));

/** Editors and `npm run compose` write a file in several steps; one reload per burst of changes. */
const RELOAD_DEBOUNCE_MS = 250;

export function loadSupergraphSdl(path: string = COMMITTED_SUPERGRAPH_PATH): Promise<string> {
  return readFile(path, "utf8");
}

/**
 * Where each subgraph is reached: an explicit override (tests, the embedded launcher) wins, then the config
 * (`<NAME>_URL`, or `<NAME>_PORT` when set), then the URL the supergraph itself carries (`join__graph(url:)`).
 */
export function subgraphUrlResolver(
  config: AppConfig,
  overrides: Partial<Record<string, string>>,
  supergraphSdl: () => string,
): (name: string, composedUrl?: string) => string {
  return (name, composedUrl) => {
    const override = overrides[name];
    if (override) return override;
    const configured = (SERVICE_NAMES as readonly string[]).includes(name)
      ? config.services[name as ServiceName].url
      : undefined;
    if (configured) return configured;
    const url = composedUrl ?? subgraphEndpoints(supergraphSdl()).find((endpoint) => endpoint.name === name)?.url;
    if (url) return url;
    throw new Error(`No URL known for subgraph "${name}": the supergraph has none and none is configured`);
  };
}

/** Prepares everything a new supergraph needs (throwing if it is unusable) and returns the swap to commit it. */
export type PrepareReload = (supergraphSdl: string) => () => unknown;

export class LiveSupergraph {
  private sdl: string;
  private updateApollo: ((sdl: string) => void) | undefined;
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private reloading: Promise<void> = Promise.resolve();
  /** How many reloads were applied, and what the last one's commit reported (for operators and tests). */
  reloads = 0;
  lastReload: unknown;

  constructor(
    initialSdl: string,
    /** The file it was read from; undefined when it was given in code (never reloaded). */
    readonly path: string | undefined,
    private readonly logger: Logger,
  ) {
    this.sdl = initialSdl;
  }

  static async open(config: AppConfig, given: string | undefined, logger: Logger): Promise<LiveSupergraph> {
    if (given !== undefined) return new LiveSupergraph(given, undefined, logger);
    const path = resolve(config.gateway.supergraphPath ?? COMMITTED_SUPERGRAPH_PATH);
    return new LiveSupergraph(await loadSupergraphSdl(path), path, logger);
  }

  get current(): string {
    return this.sdl;
  }

  /** ApolloGateway's `supergraphSdl` option: serves the current SDL and keeps the hook for reloads. */
  readonly apolloHook: SupergraphSdlHook = async ({ update }) => {
    this.updateApollo = update;
    return { supergraphSdl: this.sdl };
  };

  /** Watches the file (if any) and applies each validated change; `prepare` readies the subscription side. */
  watch(prepare: PrepareReload): void {
    if (!this.path || this.watcher) return;
    const file = basename(this.path);
    // The directory, not the file: an atomic write (rename over it) would leave a file watch on the old inode.
    this.watcher = watch(dirname(this.path), (_event, changed) => {
      if (changed !== null && changed !== file) return;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        this.reloading = this.reloading.then(() => this.reloadFromFile(prepare));
      }, RELOAD_DEBOUNCE_MS);
    });
    this.watcher.on("error", (error) => this.logger.warn({ err: error, path: this.path }, "supergraph watch failed"));
  }

  /** Applies `sdl` now (the watcher's path; also for tests and tools). Throws, keeping the old one, if unusable. */
  apply(sdl: string, prepare: PrepareReload): void {
    const commit = prepare(sdl);
    this.updateApollo?.(sdl);
    this.sdl = sdl;
    this.lastReload = commit();
    this.reloads++;
  }

  close(): Promise<void> {
    clearTimeout(this.timer);
    this.watcher?.close();
    this.watcher = undefined;
    return this.reloading;
  }

  private async reloadFromFile(prepare: PrepareReload): Promise<void> {
    let sdl: string;
    try {
      sdl = await loadSupergraphSdl(this.path);
    } catch (error) {
      this.logger.warn({ err: error, path: this.path }, "supergraph file unreadable; keeping the current one");
      return;
    }
    if (sdl === this.sdl || sdl.trim() === "") return;
    try {
      this.apply(sdl, prepare);
      this.logger.info({ path: this.path, outcome: this.lastReload }, "supergraph reloaded");
    } catch (error) {
      this.logger.warn({ err: error, path: this.path }, "supergraph change rejected; keeping the current one");
    }
  }
}
