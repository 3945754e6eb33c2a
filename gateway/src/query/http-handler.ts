// The gateway's HTTP query path: Apollo Server's request pipeline (parsing, validation, plugins, the gateway's
// planner and executor) behind an express handler that shares in-flight work. Identical queries that arrive while
// the same query is running get its response bytes instead of running again. Who may share is decided by the
// schema, never by the token: a query that selects no caller-dependent field is public (it runs WITHOUT
// credentials and every caller shares it), any other query is shared only by requests of the same user.
// Mutations, subscriptions and anything unparsable run on their own.
import type { ApolloServer, BaseContext, HTTPGraphQLRequest, HTTPGraphQLResponse } from "@apollo/server";
import { HeaderMap } from "@apollo/server";
import type { Request, RequestHandler, Response } from "express";
import { InFlight } from "./inflight.js";
import type { OperationClassifier } from "./operation-classifier.js";

export interface QuerySharing<C> {
  classifier: OperationClassifier;
  /** The user a context speaks for, or undefined when anonymous. */
  userOf(context: C): string | undefined;
  /** The same request with no credentials: what a public query runs with. */
  withoutCredentials(context: C): C;
  /** Told when a public query answered "who are you?": a field the schema should mark @ownerOnly is not. */
  onUnmarkedCallerField?(query: string): void;
}

export interface QueryPath {
  handler: RequestHandler;
  stats(): { running: number; shared: number };
}

export function createQueryPath<C extends BaseContext>(
  apollo: ApolloServer<C>,
  options: { context(req: Request): Promise<C>; sharing?: QuerySharing<C> },
): QueryPath {
  const inFlight = new InFlight<Answer>();

  const handler: RequestHandler = async (req, res) => {
    const httpGraphQLRequest = toHttpGraphQLRequest(req);
    let context: C;
    try {
      context = await options.context(req);
    } catch (error) {
      // Apollo turns a context failure (e.g. a bad token: 401 UNAUTHENTICATED) into the proper response.
      await send(
        res,
        await apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest, context: () => Promise.reject(error) }),
      );
      return;
    }
    const execute = (as: C) => apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest, context: async () => as });
    const share = options.sharing && shareable(req, context, options.sharing);
    if (!share) {
      await send(res, await execute(context));
      return;
    }
    let ranHere = false;
    const answer = await inFlight.run(share.key, async () => {
      ranHere = true;
      return toAnswer(await execute(share.context));
    });
    // A streamed (incremental) body can be read once: a request that joined one runs on its own instead.
    if (!answer.bytes && !ranHere) {
      await send(res, await execute(context));
      return;
    }
    // A public run that some field answered with "who are you?" means a missing schema mark: correctness first,
    // so a caller with credentials runs on its own, and the operator hears about the field to mark.
    if (share.public && answer.askedForIdentity) {
      if (ranHere) options.sharing!.onUnmarkedCallerField?.(share.query);
      if (options.sharing!.userOf(context) !== undefined) {
        await send(res, await execute(context));
        return;
      }
    }
    if (answer.bytes) sendBytes(res, answer.response, answer.bytes);
    else await send(res, answer.response);
  };

  return { handler, stats: () => inFlight.stats() };
}

/**
 * One run's response as every request sharing it needs it: encoded to bytes once (a shared 88 KB answer was
 * re-encoded from a string for each of its callers) and checked once for "who are you?" errors.
 */
interface Answer {
  response: HTTPGraphQLResponse;
  /** undefined for a streamed (incremental) body. */
  bytes?: Buffer;
  askedForIdentity: boolean;
}

function toAnswer(response: HTTPGraphQLResponse): Answer {
  if (response.body.kind !== "complete") return { response, askedForIdentity: false };
  return {
    response,
    bytes: Buffer.from(response.body.string),
    askedForIdentity: askedForIdentity(response.body.string),
  };
}

interface Share<C> {
  key: string;
  context: C;
  public: boolean;
  query: string;
}

function shareable<C>(req: Request, context: C, sharing: QuerySharing<C>): Share<C> | undefined {
  if (req.method !== "POST" || typeof req.body !== "object" || req.body === null || Array.isArray(req.body))
    return undefined;
  const { query, operationName, variables, extensions } = req.body as Record<string, unknown>;
  if (
    typeof query !== "string" ||
    (operationName !== undefined && operationName !== null && typeof operationName !== "string")
  ) {
    return undefined;
  }
  const kind = sharing.classifier.classify(query, operationName ?? undefined);
  if (kind?.operation !== "query") return undefined;
  const user = kind.callerDependent ? (sharing.userOf(context) ?? "anonymous") : undefined;
  const scope = user === undefined ? "public" : `user:${user}`;
  // Everything that can change the response bytes is in the key; the Accept header picks the content type.
  const key = JSON.stringify([
    scope,
    query,
    operationName ?? null,
    variables ?? null,
    extensions ?? null,
    req.headers.accept ?? "",
  ]);
  const isPublic = user === undefined;
  return { key, context: isPublic ? sharing.withoutCredentials(context) : context, public: isPublic, query };
}

/** Cheap pre-check on the bytes, then the real one: an error coded UNAUTHENTICATED or FORBIDDEN. */
function askedForIdentity(body: string): boolean {
  if (!body.includes('"UNAUTHENTICATED"') && !body.includes('"FORBIDDEN"')) return false;
  const errors = (JSON.parse(body) as { errors?: { extensions?: { code?: unknown } }[] }).errors ?? [];
  return errors.some((e) => e.extensions?.code === "UNAUTHENTICATED" || e.extensions?.code === "FORBIDDEN");
}

function toHttpGraphQLRequest(req: Request): HTTPGraphQLRequest {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  const queryStart = req.url.indexOf("?");
  return {
    method: req.method.toUpperCase(),
    headers,
    search: queryStart === -1 ? "" : req.url.slice(queryStart),
    body: req.body,
  };
}

function sendBytes(res: Response, response: HTTPGraphQLResponse, bytes: Buffer): void {
  for (const [name, value] of response.headers) res.setHeader(name, value);
  res.statusCode = response.status ?? 200;
  res.end(bytes);
}

async function send(res: Response, response: HTTPGraphQLResponse): Promise<void> {
  for (const [name, value] of response.headers) res.setHeader(name, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === "complete") {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}
