// The schema a change is compared against, which the change itself cannot move: the committed supergraph at the
// merge base with the main branch, or a published supergraph/API schema file given with --baseline.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { Supergraph } from "@apollo/federation-internals";
import type { GraphQLSchema } from "graphql";
import { buildSchema } from "graphql";
import type { SubgraphSource } from "../compose/compose-supergraph.js";
import { composeSupergraph } from "../compose/compose-supergraph.js";
import type { NamedSdl } from "./ownership.js";

export interface Baseline {
  /** Where it came from, for the report ("merge base abc123 with origin/main", "file …"). */
  description: string;
  schema: GraphQLSchema;
  /** Each subgraph's SDL at the baseline, when known (a bare API schema file has none). */
  subgraphs: NamedSdl[];
}

const SUPERGRAPH_PATH = "schema/supergraph.graphql";
const MAIN_CANDIDATES = ["origin/main", "main", "origin/master", "master"];

export function baselineFromFile(path: string): Baseline {
  const sdl = readFileSync(path, "utf8");
  return { description: `file ${path}`, ...fromSchemaText(sdl, path) };
}

/** The merge base of HEAD with `baseRef` (or the first main-branch ref that exists). */
export function baselineFromGit(cwd: string, baseRef?: string): Baseline {
  const git = (...args: string[]) =>
    execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
  try {
    git("rev-parse", "--git-dir");
  } catch {
    throw new Error("not a git repository: pass --baseline <published supergraph or API schema file>");
  }
  const refs = baseRef ? [baseRef] : MAIN_CANDIDATES;
  const ref = refs.find((candidate) => {
    try {
      git("rev-parse", "--verify", "--quiet", `${candidate}^{commit}`);
      return true;
    } catch {
      return false;
    }
  });
  if (!ref && baseRef) throw new Error(`no ref ${baseRef} to compare with`);
  const head = git("rev-parse", "HEAD");
  let base = head;
  if (ref) {
    try {
      base = git("merge-base", "HEAD", ref);
    } catch {
      throw new Error(
        `HEAD and ${ref} have no merge base (a shallow clone?): fetch more history or pass --baseline <file>`,
      );
    }
  }
  const short = base.slice(0, 10);
  const description = !ref
    ? `HEAD's committed schema (${short}): there is no ${MAIN_CANDIDATES.join(" / ")} branch, so only uncommitted changes are compared`
    : base === head
      ? `HEAD's committed schema (${short}): the merge base with ${ref} is HEAD itself, so only uncommitted changes are compared`
      : `merge base ${short} of HEAD with ${ref}`;
  const committed = tryGit(git, "show", `${base}:${SUPERGRAPH_PATH}`);
  if (committed) return { description, ...fromSchemaText(committed, `${short}:${SUPERGRAPH_PATH}`) };
  // No committed supergraph at the base: compose its subgraphs as they were.
  const names = tryGit(git, "ls-tree", "--name-only", `${base}:subgraphs`)?.split("\n").filter(Boolean) ?? [];
  const sources: SubgraphSource[] = names.flatMap((name) => {
    const sdl = tryGit(git, "show", `${base}:subgraphs/${name}/schema.graphql`);
    return sdl ? [{ name, url: `http://${name}/graphql`, sdl }] : [];
  });
  if (sources.length === 0)
    throw new Error(`no ${SUPERGRAPH_PATH} and no subgraph schemas at ${short}: pass --baseline <file>`);
  const outcome = composeSupergraph(sources);
  if (!outcome.ok) throw new Error(`the baseline at ${short} does not compose: ${outcome.errors.join("; ")}`);
  return {
    description: `${description} (composed from its subgraphs)`,
    schema: buildSchema(outcome.apiSdl),
    subgraphs: sources,
  };
}

/** A supergraph (with its subgraphs extracted for ownership) or a plain API schema. */
function fromSchemaText(sdl: string, origin: string): { schema: GraphQLSchema; subgraphs: NamedSdl[] } {
  try {
    if (/specs\.apollo\.dev\/join\//.test(sdl)) {
      const supergraph = Supergraph.build(sdl);
      const subgraphs = [...supergraph.subgraphs().values()].map((subgraph) => ({
        name: subgraph.name,
        sdl: subgraph.toString(),
      }));
      return { schema: supergraph.apiSchema().toGraphQLJSSchema(), subgraphs };
    }
    return { schema: buildSchema(sdl), subgraphs: [] };
  } catch (error) {
    throw new Error(`baseline ${origin} is not a valid schema: ${(error as Error).message}`);
  }
}

function tryGit(git: (...args: string[]) => string, ...args: string[]): string | undefined {
  try {
    return git(...args);
  } catch {
    return undefined;
  }
}
