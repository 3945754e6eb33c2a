// Which mutation fields hash a password (scrypt: tens of milliseconds of CPU each), so a request may hold only a
// few: the names configured (login, register by default) and, when the schema is known, any mutation that takes a
// `password` argument or an input object with a `password` field.
import type { GraphQLInputType, GraphQLSchema } from "graphql";
import { getNamedType, isInputObjectType } from "graphql";

export const DEFAULT_PASSWORD_MUTATIONS: readonly string[] = ["login", "register"];

const fromSchema = new WeakMap<GraphQLSchema, ReadonlySet<string>>();

export function passwordMutationNames(
  schema: GraphQLSchema | undefined,
  configured: readonly string[],
): ReadonlySet<string> {
  if (!schema) return new Set(configured);
  let derived = fromSchema.get(schema);
  if (!derived) {
    derived = new Set(
      Object.values(schema.getMutationType()?.getFields() ?? {})
        .filter((field) => field.args.some((arg) => arg.name === "password" || holdsPassword(arg.type, new Set())))
        .map((field) => field.name),
    );
    fromSchema.set(schema, derived);
  }
  return new Set([...configured, ...derived]);
}

function holdsPassword(type: GraphQLInputType, seen: Set<string>): boolean {
  const named = getNamedType(type);
  if (!isInputObjectType(named) || seen.has(named.name)) return false;
  seen.add(named.name);
  return Object.values(named.getFields()).some((field) => field.name === "password" || holdsPassword(field.type, seen));
}
