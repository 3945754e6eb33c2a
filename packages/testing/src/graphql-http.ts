import type { UntypedJson } from "./untyped-json.js";
export interface GraphQLResponse<D = Record<string, UntypedJson>> {
  status: number;
  data?: D | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, UntypedJson> }>;
}

/** POSTs a GraphQL operation the way a client would; returns the HTTP status with the body. */
export async function graphqlRequest<D = Record<string, UntypedJson>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<GraphQLResponse<D>> {
  const headers: Record<string, string> = { "content-type": "application/json", "apollo-require-preflight": "true" };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(url, { method: "POST", headers, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as Omit<GraphQLResponse<D>, "status">;
  return { status: response.status, ...body };
}
