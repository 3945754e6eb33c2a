// The one registry of error codes (GraphQL `extensions.code`) and WebSocket close codes that Tickergraph sends.
// Gateway and subgraphs import from here, so one condition has one code everywhere.
// Add a code here before using it anywhere: an unlisted code is masked as INTERNAL_SERVER_ERROR by formatError.

export interface ErrorCodeDefinition {
  /** HTTP status when the error decides a whole HTTP response (e.g. a refused request). */
  readonly httpStatus: number;
  /** Whether the message is written for clients (kept) or is a server fault (masked). */
  readonly clientVisible: boolean;
  /** Whether retrying the same request later can succeed. */
  readonly retryable: boolean;
  readonly description: string;
}

function code(
  httpStatus: number,
  clientVisible: boolean,
  retryable: boolean,
  description: string,
): ErrorCodeDefinition {
  return { httpStatus, clientVisible, retryable, description };
}

export const ERROR_CODES = {
  BAD_USER_INPUT: code(400, true, false, "An argument or input field is invalid; `extensions.field` names it."),
  BAD_REQUEST: code(400, true, false, "The request itself is malformed (body, JSON, parameters)."),
  GRAPHQL_PARSE_FAILED: code(400, true, false, "The document is not valid GraphQL syntax."),
  GRAPHQL_VALIDATION_FAILED: code(400, true, false, "The document does not validate against the schema."),
  OPERATION_RESOLUTION_FAILURE: code(400, true, false, "No operation, or an ambiguous operationName."),
  PERSISTED_QUERY_NOT_FOUND: code(400, true, false, "A persisted document id that the server does not know."),
  PERSISTED_QUERY_NOT_SUPPORTED: code(400, true, false, "Persisted documents are not accepted here."),
  PERSISTED_QUERY_REQUIRED: code(
    400,
    true,
    false,
    "The gateway runs only trusted documents (PERSISTED_OPERATIONS=enforce): send a `documentId` from the manifest.",
  ),
  OPERATION_LIMIT_EXCEEDED: code(
    400,
    true,
    false,
    "The operation asks for too much work (depth, aliases, root fields, cost, password-hashing mutations); `extensions.limit` names the limit, `extensions.max` and `extensions.actual` give the numbers.",
  ),
  PAYLOAD_TOO_LARGE: code(
    413,
    true,
    false,
    "The request body is larger than the server accepts; `extensions.maxBytes` gives the limit.",
  ),
  SUBSCRIPTION_TRANSPORT_REQUIRED: code(
    406,
    true,
    false,
    'A subscription sent as a plain HTTP request: use graphql-ws, SSE (/graphql/stream) or multipart (`Accept: multipart/mixed;subscriptionSpec="1.0"`).',
  ),
  TOO_MANY_CONNECTIONS: code(
    429,
    true,
    true,
    "The gateway, or this client address, holds its maximum of live connections on this transport; close one or retry later.",
  ),
  UNAUTHENTICATED: code(401, true, false, "No valid token: missing, malformed, expired or revoked."),
  FORBIDDEN: code(403, true, false, "Signed in, but not allowed to do this."),
  NOT_FOUND: code(404, true, false, "The object does not exist, or is not yours."),
  RATE_LIMITED: code(
    429,
    true,
    true,
    "Too many attempts or expensive operations at once; `extensions.retryAfterSeconds` says when to retry.",
  ),
  SERVICE_UNAVAILABLE: code(
    503,
    true,
    true,
    "A dependency (e.g. the event broker) is down; nothing was done, retry shortly.",
  ),
  SUBSCRIBER_TOO_SLOW: code(
    429,
    true,
    true,
    "The client did not read fast enough: its backlog passed the cap and the subscription ended.",
  ),
  SUBSCRIPTION_OVERLOADED: code(
    503,
    true,
    true,
    "The gateway's shared execution for a feed fell behind the feed; the subscription ended, subscribe again.",
  ),
  SUBGRAPH_UNAVAILABLE: code(
    503,
    true,
    true,
    "A subgraph could not be reached after retries; `extensions.serviceName` names it.",
  ),
  SCHEMA_CHANGED: code(
    409,
    true,
    false,
    "The supergraph was reloaded and no longer has what this subscription selects; it ended. Subscribe again.",
  ),
  SHUTTING_DOWN: code(503, true, true, "The server is shutting down; reconnect (to another instance)."),
  INTERNAL_SERVER_ERROR: code(500, false, true, "A server fault; the message is masked and the error is logged."),
} as const satisfies Record<string, ErrorCodeDefinition>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && Object.hasOwn(ERROR_CODES, value);
}

/** WebSocket close codes. 1xxx are RFC 6455; 44xx are graphql-ws's `CloseCode`; 4008 is ours. */
export const CLOSE_CODES = {
  GOING_AWAY: { code: 1001, description: "The server is shutting down; reconnect." },
  MESSAGE_TOO_BIG: { code: 1009, description: "A message larger than the configured limit (WS_MAX_MESSAGE_BYTES)." },
  SLOW_CLIENT: { code: 4008, description: "The client's send buffer passed the cap: it was not reading." },
  BAD_REQUEST: { code: 4400, description: "graphql-ws: a malformed or oversized message." },
  UNAUTHORIZED: {
    code: 4401,
    description: "graphql-ws: the token is missing, invalid, expired (also while open) or revoked.",
  },
  FORBIDDEN: { code: 4403, description: "graphql-ws: not allowed." },
  CONNECTION_INIT_TIMEOUT: { code: 4408, description: "graphql-ws: no connection_init in time." },
  SUBSCRIBER_ALREADY_EXISTS: { code: 4409, description: "graphql-ws: an operation id used twice on one socket." },
  TOO_MANY_INIT_REQUESTS: { code: 4429, description: "graphql-ws: connection_init sent twice." },
  INTERNAL_ERROR: { code: 4500, description: "graphql-ws: a server fault." },
} as const;

export type CloseCodeName = keyof typeof CLOSE_CODES;
