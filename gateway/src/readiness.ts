// GET /ready: the gateway is ready only when every subgraph reports ready (each checks its DB, bus and hub).
export interface SubgraphReadiness {
  name: string;
  ready: boolean;
  detail?: string;
}

export async function checkSubgraphs(
  urls: Record<string, string>,
  timeoutMs = 2000,
): Promise<{ ready: boolean; subgraphs: SubgraphReadiness[] }> {
  const subgraphs = await Promise.all(
    Object.entries(urls).map(async ([name, url]): Promise<SubgraphReadiness> => {
      const readyUrl = new URL("/ready", url);
      try {
        const response = await fetch(readyUrl, { signal: AbortSignal.timeout(timeoutMs) });
        if (response.ok) return { name, ready: true };
        return { name, ready: false, detail: `HTTP ${response.status}: ${(await response.text()).slice(0, 300)}` };
      } catch (error) {
        return { name, ready: false, detail: error instanceof Error ? error.message : String(error) };
      }
    }),
  );
  return { ready: subgraphs.every((s) => s.ready), subgraphs };
}
